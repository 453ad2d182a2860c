/**
 * Finds references that a reader of a fresh clone cannot follow: markdown links and relative paths to files
 * the repository does not hold, section numbers that the referenced document lacks, and names of the
 * project's working documents that live outside the repository. Pure: the caller supplies the file list and
 * texts, so the rules can be tested on synthetic input.
 */
import { posix } from 'node:path';

export interface RepositorySnapshot {
  /** Repository-relative posix paths of every file a clone holds. */
  paths: ReadonlySet<string>;
  /** Text of each file to scan, by repository-relative path. */
  texts: ReadonlyMap<string, string>;
}

export interface BadReference {
  file: string;
  line: number;
  reference: string;
  reason: string;
}

/** Design notes kept beside the repository, never inside it; any mention is a reference a clone cannot follow. */
const OUTSIDE_DOCUMENT =
  /\b(?:DESIGN|SCIENCE|CONVENTIONS|DEVELOPERS)\.md\b|(?<![\w-])shared\/|(?<![\w.-])\/work\//g;

const MARKDOWN_LINK = /!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** A path with at least one folder and the given extensions; not the tail of a longer path or URL. */
function pathPattern(extensions: string): RegExp {
  return new RegExp(
    `(?<![\\w@/.:~-])((?:\\.{1,2}/)*(?:[\\w@-][\\w@.-]*/)+[\\w@-][\\w@.-]*\\.(?:${extensions}))(?![\\w/-])`,
    'g',
  );
}
const DOCUMENT_EXTENSIONS = 'md|png|svg|yaml|yml|csv|json|html|txt|pdf';
/** In code a `.js` path may be a package specifier (require.resolve('prisma/build/index.js')): documents only. */
const DOCUMENT_PATH = pathPattern(DOCUMENT_EXTENSIONS);
const RELATIVE_PATH = pathPattern(`${DOCUMENT_EXTENSIONS}|sh|py|ts|js|prisma|sql|toml`);

/** `docs/x.md 3.1`, `x.md) section 3.1`, `x.md §3.1`: a numbered section of a markdown document. */
const SECTION_REFERENCE =
  /(?<![\w@/.:~-])((?:\.{1,2}\/)*(?:[\w@-][\w@.-]*\/)*[\w@-][\w@.-]*\.md)\)?,?\s+(?:§\s*|sections?\s+)?(\d+(?:\.\d+)*)(?!\w|\.\d)/g;

const NUMBERED_HEADING = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/gm;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Repository path of `target` written in `file`, or null when it climbs out of the repository. */
function resolveFrom(file: string, target: string): string | null {
  const joined = target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(file), target);
  const path = posix.normalize(joined).replace(/\/$/, '');
  return path === '..' || path.startsWith('../') ? null : path;
}

export function findBadReferences(repo: RepositorySnapshot): BadReference[] {
  const folders = new Set<string>();
  for (const p of repo.paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const topLevel = new Set([...folders].filter((f) => !f.includes('/')));
  const exists = (path: string) => path === '.' || repo.paths.has(path) || folders.has(path);
  const sections = new Map<string, Set<string>>();
  const sectionsOf = (path: string) => {
    if (!sections.has(path)) {
      const text = repo.texts.get(path) ?? '';
      sections.set(path, new Set([...text.matchAll(NUMBERED_HEADING)].map((m) => m[1])));
    }
    return sections.get(path) as Set<string>;
  };

  const bad: BadReference[] = [];
  for (const [file, text] of repo.texts) {
    const seen = new Set<string>();
    const report = (index: number, reference: string, reason: string) => {
      const line = lineOf(text, index);
      const key = `${line}\0${reference}`;
      if (seen.has(key)) return;
      seen.add(key);
      bad.push({ file, line, reference, reason });
    };
    const inRepositoryFolder = (path: string) => !path.includes('/') || topLevel.has(path.split('/')[0]);

    for (const m of text.matchAll(OUTSIDE_DOCUMENT)) {
      report(m.index, m[0], 'names a document outside the repository; point to docs/ instead');
    }
    if (file.endsWith('.md')) {
      // Links resolve against the file's folder, as a Markdown renderer resolves them.
      for (const m of text.matchAll(MARKDOWN_LINK)) {
        const target = decodeURI(m[1].split('#')[0]);
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const path = resolveFrom(file, target);
        if (path === null) report(m.index, m[1], 'link points outside the repository');
        else if (!exists(path)) report(m.index, m[1], 'link target does not exist in the repository');
      }
    }
    // Code and comments name document-like files; Markdown also names source files.
    const pathPattern = file.endsWith('.md') ? RELATIVE_PATH : DOCUMENT_PATH;
    for (const m of text.matchAll(pathPattern)) {
      const target = m[1];
      const local = resolveFrom(file, target);
      if (local === null) {
        report(m.index, target, 'path points outside the repository');
        continue;
      }
      if (exists(local)) continue;
      if (target.startsWith('../')) {
        // Outside the repository's folders it is a build or run-time output (../../dist/cli/main.js).
        if (inRepositoryFolder(local)) report(m.index, target, 'no such file in the repository');
        continue;
      }
      // Bare and ./ paths are also written relative to the repository root (commands run there).
      const fromRoot = posix.normalize(target);
      if (exists(fromRoot)) continue;
      // A bare path outside the repository's folders is an output name (maps/2cxm/vp.nii.gz, dist/...).
      if (target.startsWith('./') || topLevel.has(fromRoot.split('/')[0]))
        report(m.index, target, 'no such file in the repository');
    }
    for (const m of text.matchAll(SECTION_REFERENCE)) {
      const local = resolveFrom(file, m[1]);
      const doc = [local, m[1].startsWith('.') ? null : posix.normalize(m[1])].find(
        (p): p is string => p !== null && repo.texts.has(p),
      );
      if (doc === undefined) continue;
      const numbered = sectionsOf(doc);
      if (numbered.size > 0 && !numbered.has(m[2]))
        report(m.index, `${m[1]} ${m[2]}`, `${doc} has no section numbered ${m[2]}`);
    }
  }
  return bad;
}
