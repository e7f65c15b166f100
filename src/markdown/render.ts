// One post's markdown to the JSON the cache stores: the same in the main thread
// and in a worker (src/markdown/worker.mjs), so both give identical output.
import { VFile } from 'vfile';
import { type StoredMessage, storeMessage } from '../content/stored-messages.ts';
import { renderMarkdown } from './pipeline.ts';

export interface RenderJob {
  path: string;
  cwd: string;
  value: string;
}

/** `{"hast": …, "messages": […]}` for the post's body. */
export function render(job: RenderJob): string {
  const file = new VFile({ path: job.path, cwd: job.cwd, value: job.value });
  const { hast } = renderMarkdown(file);
  const messages: StoredMessage[] = file.messages.map(storeMessage);
  return JSON.stringify({ hast, messages });
}
