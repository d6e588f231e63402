// Answers a table of Go regexp questions the way sprig's must… functions ask them: reads a JSON list of cases
// ({fn, re, s, repl, n}) on stdin, prints a JSON list of answers ({value} or {error}). Used by
// test/template/go-regexp.test.ts, which runs it with `go run` (the standard library only, no module download).
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type question struct {
	Fn   string `json:"fn"`
	Re   string `json:"re"`
	S    string `json:"s"`
	Repl string `json:"repl"`
	N    int    `json:"n"`
}

type answer struct {
	Value any    `json:"value,omitempty"`
	Error string `json:"error,omitempty"`
}

func ask(q question) answer {
	re, err := regexp.Compile(q.Re)
	if err != nil {
		return answer{Error: err.Error()}
	}
	list := func(l []string) any {
		if l == nil {
			return []string{}
		}
		return l
	}
	switch q.Fn {
	case "match":
		return answer{Value: re.MatchString(q.S)}
	case "find":
		return answer{Value: re.FindString(q.S)}
	case "findAll":
		return answer{Value: list(re.FindAllString(q.S, q.N))}
	case "replaceAll":
		return answer{Value: re.ReplaceAllString(q.S, q.Repl)}
	case "replaceAllLiteral":
		return answer{Value: re.ReplaceAllLiteralString(q.S, q.Repl)}
	case "split":
		return answer{Value: list(re.Split(q.S, q.N))}
	}
	return answer{Error: "unknown function " + q.Fn}
}

func main() {
	var questions []question
	if err := json.NewDecoder(os.Stdin).Decode(&questions); err != nil {
		panic(err)
	}
	answers := make([]answer, len(questions))
	for i, q := range questions {
		answers[i] = ask(q)
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		panic(err)
	}
}
