// postbound.yaml read with positions and validated against the config schema.
// A config that was valid before, with no message, comes back from
// .cache/config.json by the hash of its text: a build whose posts come from the
// cache then never loads zod and the schema (about 90 ms of a 0.6 s build).
// Its positions, which only a later problem asks for, are read when asked.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { VFile } from 'vfile';
import type { Config } from '../config/schema.ts';
import { pipelineVersion } from '../markdown/cache.ts';
import { report } from './messages.ts';
import { digest, parseSealed, saveSealed } from './sealed.ts';
import { type ParsedYaml, parseYaml, validateYaml } from './yaml.ts';

export const CONFIG_FILE = 'postbound.yaml';

export interface ConfigFile {
  file: VFile;
  config: Config | undefined;
  /** Where each key of the config is (undefined without a config file). */
  parsed: Pick<ParsedYaml, 'positionOf'> | undefined;
}

interface KnownConfig {
  version: string;
  hash: string;
  config: Config;
}

/** Reads and checks `root`'s postbound.yaml; with `cacheDir`, a config valid before comes from its cache. */
export async function readConfigFile(root: string, cacheDir?: string): Promise<ConfigFile> {
  const path = join(root, CONFIG_FILE);
  const file = new VFile({ path: CONFIG_FILE, cwd: root });
  if (!existsSync(path)) {
    report(file, 'config-missing', `No ${CONFIG_FILE} in ${root}`, undefined);
    return { file, config: undefined, parsed: undefined };
  }
  const text = await readFile(path, 'utf8');
  file.value = text;
  const store = cacheDir ? join(cacheDir, 'config.json') : undefined;
  const hash = digest(text);
  const known = store ? await readKnown(store) : undefined;
  if (known && known.version === pipelineVersion() && known.hash === hash) {
    let parsed: ParsedYaml | undefined;
    // valid before, so parsing it again reports nothing: the messages go nowhere
    const positionOf = (keys: PropertyKey[]) => {
      parsed ??= parseYaml(new VFile(), text);
      return parsed.positionOf(keys);
    };
    return { file, config: known.config, parsed: { positionOf } };
  }
  const { configSchema } = await import('../config/schema.ts');
  const parsed = parseYaml(file, text);
  const config = validateYaml(file, parsed, configSchema, 'config-invalid', CONFIG_FILE);
  // kept only when JSON gives it back as it is (no dates, no undefined values) and nothing was said about it
  if (store && config && file.messages.length === 0) {
    const body = JSON.stringify({ version: pipelineVersion(), hash, config } satisfies KnownConfig);
    if (isDeepStrictEqual((JSON.parse(body) as KnownConfig).config, config)) await saveSealed(store, body);
  }
  return { file, config, parsed };
}

async function readKnown(store: string): Promise<KnownConfig | undefined> {
  try {
    return parseSealed<KnownConfig>(await readFile(store, 'utf8'));
  } catch {
    return undefined; // the first build, or no cache folder
  }
}
