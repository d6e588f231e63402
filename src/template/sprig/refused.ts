import { fn, FuncError, type FuncMap } from '../funcs.js';

/**
 * sprig functions talhelper registers that talgen refuses: their result changes from run to run (clock, randomness,
 * DNS), so a config rendered with them could never be reproduced byte for byte; or talgen does not model them.
 * Each row: function names → the reason shown to the user.
 */
const REFUSED: readonly [readonly string[], string][] = [
  [
    [
      'now',
      'ago',
      'date',
      'dateInZone',
      'date_in_zone',
      'dateModify',
      'date_modify',
      'mustDateModify',
      'must_date_modify',
      'toDate',
      'mustToDate',
      'unixEpoch',
      'htmlDate',
      'htmlDateInZone',
      'duration',
      'durationRound',
    ],
    'it depends on the clock or on time zone data',
  ],
  [['randAlphaNum', 'randAlpha', 'randAscii', 'randNumeric', 'randInt', 'randBytes', 'shuffle', 'uuidv4'], 'its result is random'],
  [
    [
      'bcrypt',
      'htpasswd',
      'genPrivateKey',
      'genCA',
      'genCAWithKey',
      'genSelfSignedCert',
      'genSelfSignedCertWithKey',
      'genSignedCert',
      'genSignedCertWithKey',
      'encryptAES',
    ],
    'it generates keys or salts at random (keep secrets in talsecret.yaml)',
  ],
  [['getHostByName'], 'it depends on DNS'],
  [
    [
      'semver',
      'semverCompare',
      'decryptAES',
      'derivePassword',
      'snakecase',
      'camelcase',
      'kebabcase',
      'b32enc',
      'b32dec',
      'urlParse',
      'urlJoin',
      'osBase',
      'osClean',
      'osDir',
      'osExt',
      'osIsAbs',
      'typeIsLike',
    ],
    'talgen does not implement it',
  ],
];

export const REFUSED_FUNCS: FuncMap = Object.fromEntries(
  REFUSED.flatMap(([names, why]) =>
    names.map((name) => [
      name,
      fn(
        [],
        () => {
          throw new FuncError(`talgen does not support sprig's ${name}: ${why}`);
        },
        'any',
      ),
    ]),
  ),
);
