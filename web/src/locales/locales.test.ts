// Every string of the UI is in both translation files (Russian and English).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import en from './en.json';
import ru from './ru.json';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [path] : [];
  });
}

describe('translations', () => {
  it('has the same keys in Russian and English', () => {
    expect(keys(en).sort()).toEqual(keys(ru).sort());
  });

  it('has every key the code asks for', () => {
    const known = new Set(keys(ru));
    const wanted = new Set<string>();
    for (const file of sources(join(__dirname, '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*['`]([\w.-]+(?:\$\{[^}]+\}[\w.-]*)?)['`]/g)) {
        wanted.add(match[1] as string);
      }
    }
    const missing = [...wanted].filter((key) => {
      if (!key.includes('${')) return !known.has(key);
      const prefix = key.slice(0, key.indexOf('${'));
      return ![...known].some((k) => k.startsWith(prefix));
    });
    expect(wanted.size).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('names every server error code the API documents', () => {
    const documented = readFileSync(join(__dirname, '../../../docs/api.md'), 'utf8');
    const codes = [...documented.matchAll(/^\| 4\d\d \| `([a-z_]+)` \|/gm)].map((m) => m[1] as string);
    const unexplained = ['invalid_json', 'invalid_body', 'invalid_query', 'invalid_limit', 'missing_login', 'missing_target',
      'invalid_status', 'woxly_id_immutable', 'cannot_remove_owner', 'unauthorized', 'forbidden_origin', 'method_not_allowed',
      'not_connected', 'woxly_id_exhausted', 'payload_too_large', 'unsupported_media_type', 'invalid_max_participants'];
    expect(codes.length).toBeGreaterThan(30);
    const missing = codes.filter((code) => !unexplained.includes(code) && !(code in ru.errors));
    expect(missing).toEqual([]);
  });
});
