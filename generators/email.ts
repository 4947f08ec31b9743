import fc from 'fast-check';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
/**
 * One unit arbitrary for every atom: fc.string prepares its edge-case slices once per unit
 * instance, so sharing it keeps building the generators cheap (the values are the same).
 */
const LOWER_ALNUM_CHAR = fc.constantFrom(...LOWER_ALNUM);

const atom = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: LOWER_ALNUM_CHAR, minLength: 1, maxLength });

/** jane, jane.doe, jane_doe, jane-doe, o'brien: dot-atoms every mail system takes. */
const localBase = (): fc.Arbitrary<string> =>
  fc.oneof(
    { withCrossShrink: true },
    atom(12),
    fc.tuple(atom(10), fc.constantFrom('.', '_', '-', "'"), atom(10)).map((parts) => parts.join('')),
  );

/** plus-addressing (jane+billing) one time in three */
const localPart = (): fc.Arbitrary<string> =>
  fc.oneof(
    { withCrossShrink: true },
    { weight: 2, arbitrary: localBase() },
    { weight: 1, arbitrary: fc.tuple(localBase(), atom(8)).map(([base, tag]) => `${base}+${tag}`) },
  );

/** a hostname label: letters and digits, an inner hyphen allowed */
const label = (): fc.Arbitrary<string> =>
  fc.oneof(
    { withCrossShrink: true },
    atom(10),
    fc.tuple(atom(6), atom(6)).map(([a, b]) => `${a}-${b}`),
  );

/**
 * Domains under the names reserved for examples (RFC 2606 / RFC 6761), with up to two
 * subdomains: a live target may mail the address, and nobody owns these.
 */
const domain = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.array(label(), { maxLength: 2 }),
      fc.constantFrom('example.com', 'example.org', 'example.net', 'mail.example', 'example.test'),
    )
    .map(([subdomains, base]) => [...subdomains, base].join('.'));

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * An Email as users type it: common and unusual-but-undisputed forms (dots, plus-addressing,
 * subdomains, an apostrophe, digits, capitals). No quoted local parts, IP literals or
 * non-ASCII: the contract does not say what Email format is, so nothing disputed is sent.
 */
export function email(): fc.Arbitrary<string> {
  return fc
    .tuple(localPart(), domain(), fc.nat({ max: 4 }))
    .map(([local, host, style]) =>
      // one time in five, capitals as people type them: Jane.Doe@Example.com
      style === 4
        ? `${local.split('.').map(capitalize).join('.')}@${capitalize(host)}`
        : `${local}@${host}`,
    );
}
