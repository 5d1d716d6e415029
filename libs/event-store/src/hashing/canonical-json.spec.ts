import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, writes undefined array items as null and no whitespace', () => {
    const value = { b: [3, undefined, { z: 1, a: 'x' }], a: undefined, 'é': true, A: null, c: { y: 'q"\n', x: -0.5 } };
    expect(canonicalJson(value)).toBe('{"A":null,"b":[3,null,{"a":"x","z":1}],"c":{"x":-0.5,"y":"q\\"\\n"},"é":true}');
  });

  it('gives the same text whatever order the keys came in', () => {
    expect(canonicalJson({ data: { level: 2, category: 3 }, type: 't' })).toBe(canonicalJson({ type: 't', data: { category: 3, level: 2 } }));
  });

  it('keeps an object whose first members are undefined well formed', () => {
    expect(canonicalJson({ a: undefined, b: undefined, c: 1 })).toBe('{"c":1}');
    expect(canonicalJson({ a: undefined })).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
    expect(JSON.parse(canonicalJson({ a: undefined, b: [undefined], c: {} }))).toEqual({ b: [null], c: {} });
  });

  it('refuses numbers JSON cannot represent', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/no representation/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/no representation/);
  });
});
