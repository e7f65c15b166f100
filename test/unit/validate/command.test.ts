import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, validateAll, validateCommand } from '../../../src/validate/command.ts';
import { edit, minimalFiles, zip, zipBomb } from './fixtures.ts';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } },
  };
}

let dir: string;
let valid: string;
let warned: string;
let broken: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'postbound-validate-cmd-'));
  const files = await minimalFiles();
  valid = join(dir, 'valid.epub');
  warned = join(dir, 'warned.epub');
  broken = join(dir, 'broken.epub');
  writeFileSync(valid, zip(files));
  writeFileSync(warned, zip(edit(files, 'EPUB/package.opf', (s) => s.replace(' properties="cover-image"', ''))));
  writeFileSync(broken, zip(edit(files, 'EPUB/ch1.xhtml', (s) => s.replace('href="ch2.xhtml#arrival"', 'href="ch9.xhtml"'))));
});

describe('parseArgs', () => {
  it('should read files and flags, and take --json’s file only when it is not an EPUB', () => {
    expect(parseArgs(['a.epub', '--json', 'out.json', '--strict'])).toEqual({
      files: ['a.epub'],
      json: 'out.json',
      strict: true,
      epubcheck: false,
    });
    expect(parseArgs(['--json', 'a.epub'])).toEqual({ files: ['a.epub'], json: true, strict: false, epubcheck: false });
    expect(parseArgs(['--epubcheck', 'a.epub', 'b.epub', '--json'])).toMatchObject({
      files: ['a.epub', 'b.epub'],
      json: true,
      epubcheck: true,
    });
  });
  it('should explain what is wrong with the usage', () => {
    expect(parseArgs([])).toMatch(/at least one EPUB/);
    expect(parseArgs(['a.epub', '--fast'])).toMatch(/Unknown option --fast/);
  });
});

describe('validateCommand', () => {
  it('should exit 0 for a valid book and print its verdict', async () => {
    const { out, io: std } = io();
    expect(await validateCommand([valid], std)).toBe(0);
    expect(out.stdout).toContain('valid.epub: valid');
  });

  it('should exit 1 on errors, with path:line, severity, id and message', async () => {
    const { out, io: std } = io();
    expect(await validateCommand([valid, broken], std)).toBe(1);
    expect(out.stdout).toMatch(/EPUB\/ch1\.xhtml:\d+(:\d+)? {2}error {2}RSC-007 {2}/);
  });

  it('should exit 1 on warnings only with --strict', async () => {
    expect(await validateCommand([warned], io().io)).toBe(0);
    const { out, io: std } = io();
    expect(await validateCommand([warned, '--strict'], std)).toBe(1);
    expect(out.stdout).toContain('PB-COVER-001');
  });

  it('should exit 2 on usage errors', async () => {
    const { out, io: std } = io();
    expect(await validateCommand(['--nope'], std)).toBe(2);
    expect(out.stderr).toContain('Usage: postbound validate');
  });

  it('should print EPUBCheck-shaped JSON to stdout, or write it to a file', async () => {
    const { out, io: std } = io();
    await validateCommand(['--json', broken], std);
    const json = JSON.parse(out.stdout);
    expect(json.checker.nError).toBe(1);
    expect(json.messages[0]).toMatchObject({ ID: 'RSC-007', severity: 'ERROR', locations: [{ path: 'EPUB/ch1.xhtml' }] });
    const file = join(dir, 'report.json');
    await validateCommand([valid, broken, '--json', file], io().io);
    const both = JSON.parse(readFileSync(file, 'utf8'));
    expect(both.map((r: { checker: { filename: string } }) => r.checker.filename)).toEqual(['valid.epub', 'broken.epub']);
  });
});

describe('validateAll', () => {
  it('should give the reports in the order the books were named, however many more books than engine threads', async () => {
    // a bomb is refused at once and a valid book takes longest: they finish in another order than they start
    const bomb = join(dir, 'bomb.epub');
    writeFileSync(bomb, zipBomb());
    const files = [valid, bomb, broken, warned, valid, bomb, broken];
    const reports = await validateAll(files, false, false);
    expect(reports.map((r) => r.path)).toEqual(files);
    expect(reports.map((r) => r.valid)).toEqual([true, false, false, true, true, false, false]);
    expect(reports[1]!.messages.map((m) => m.postboundId ?? m.id)).toContain('PB-ZIP-003');
    expect(reports[1]!.checkers).toEqual(['postbound']); // refused before the engine, or anything, inflated it
    expect(reports[2]!.messages.map((m) => m.id)).toContain('RSC-007');
  });
});
