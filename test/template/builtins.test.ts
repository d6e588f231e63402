import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from './fixture.js';

// Go text/template's predefined functions: expected outputs are what Go 1.26 text/template with sprig v3.3.0 (talhelper's function map) renders
// for the same template over the fixture data.

test('and', () => {
  assert.is(render('{{ and 1 0 2 }} {{ and 1 2 }} {{ and .Missing .Missing.X }}'), '0 2 <no value>');
});

test('or', () => {
  assert.is(render('{{ or 0 "" }} {{ or 0 "x" }} {{ or .On .Missing.X }}'), ' x true');
});

test('not', () => {
  assert.is(render('{{ not 0 }} {{ not .L }}'), 'true false');
});

test('len', () => {
  assert.is(render('{{ len .L }} {{ len .M }} {{ len "héllo" }}'), '2 2 6');
});

test('index', () => {
  assert.is(render('{{ index .M "k1" }} {{ index .L 0 }} {{ index .Nested "a" "b" }} {{ index .M "zz" }}'), 'v1 a deep <no value>');
});

test('print', () => {
  assert.is(render('{{ print "a" 1 2 "b" }} {{ print 1.5 true nil }}'), 'a1 2b 1.5 true <nil>');
});

test('println', () => {
  assert.is(render('{{ println "a" 1 }}'), 'a 1\n');
});

test('printf', () => {
  assert.is(
    render('{{ printf "%s|%v|%d|%q|%x|%X|%f|%.2f|%5s|%-5s|%05d|%t|%%|%c" "s" .L 7 "q" "hi" 255 1.5 3.14159 "r" "l" 42 true 65 }}'),
    's|[a b]|7|"q"|6869|FF|1.500000|3.14|    r|l    |00042|true|%|A',
  );
  assert.is(
    render('{{ printf "%e %g %o %b %+d %T %T %6.2f|%-8v|" 1234.5678 0.5 8 5 3 "x" 1 3.14159 .L }}'),
    '1.234568e+03 0.5 10 101 +3 string int   3.14|[a        b       ]|',
  );
  assert.is(
    render('{{ printf "%d" 3.5 }} {{ printf "%s" 3 }} {{ printf "%d %d" 1 }} {{ printf "%v" }} {{ printf "x" 1 }}'),
    '%!d(float64=3.5) %!s(int=3) 1 %!d(MISSING) %!v(MISSING) x%!(EXTRA int=1)',
  );
  assert.is(render('{{ printf "%s|%v|%d" .Missing nil .Missing }}'), '%!s(<nil>)|<nil>|%!d(<nil>)');
});

test('html', () => {
  assert.is(render('{{ html "<b>\\"x\\" & \'y\'</b>" }}'), '&lt;b&gt;&#34;x&#34; &amp; &#39;y&#39;&lt;/b&gt;');
});

test('js', () => {
  assert.is(render('{{ js "it\'s \\"q\\" <x> & =" }}'), 'it\\\'s \\"q\\" \\u003Cx\\u003E \\u0026 \\u003D');
});

test('urlquery', () => {
  assert.is(render('{{ urlquery "a b/c?d=e&f" }}'), 'a+b%2Fc%3Fd%3De%26f');
});

test('eq', () => {
  assert.is(render('{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ eq .Missing nil }} {{ eq .A.B "x" }}'), 'true true true true');
});

test('ne', () => {
  assert.is(render('{{ ne 1 2 }} {{ ne "a" "a" }}'), 'true false');
});

test('lt', () => {
  assert.is(render('{{ lt 1 2 }} {{ lt "b" "a" }}'), 'true false');
});

test('le', () => {
  assert.is(render('{{ le 2 2 }} {{ le 3 2 }}'), 'true false');
});

test('gt', () => {
  assert.is(render('{{ gt "b" "a" }} {{ gt 1 2 }}'), 'true false');
});

test('ge', () => {
  assert.is(render('{{ ge 1.5 2.5 }} {{ ge 2 2 }}'), 'false true');
});

test.run();
