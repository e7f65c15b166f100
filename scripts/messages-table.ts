// Prints postbound's message catalogues as markdown tables, for the README's
// "Messages" section: `npx tsx scripts/messages-table.ts`.
import { contentMessages } from '../src/content/messages.ts';
import { importMessages } from '../src/import/messages.ts';
import { catalogueMarkdown } from '../src/validate/catalogue.ts';

const table = (records: Record<string, { title: string; hint: string }>) =>
  [
    '| id | what | what to do |',
    '| --- | --- | --- |',
    ...Object.entries(records).map(([id, r]) => `| \`${id}\` | ${r.title} | ${r.hint.replace(/\|/g, '\\|')} |`),
  ].join('\n');

console.log(`### Content (build)\n\n${table(contentMessages)}\n`);
console.log(
  `### EPUB validation (build and \`postbound validate\`)\n\nEPUBCheck's own ids (\`RSC-005\`, \`OPF-003\`, \`PKG-006\`…) are reported as EPUBCheck names them. postbound adds:\n\n${catalogueMarkdown()}\n`,
);
console.log(`### Import\n\n${table(importMessages)}`);
