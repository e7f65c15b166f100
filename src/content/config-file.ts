// postbound.yaml read with positions and validated against the config schema.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { type Config, configSchema } from '../config/schema.ts';
import { report } from './messages.ts';
import { parseYaml, validateYaml } from './yaml.ts';

export const CONFIG_FILE = 'postbound.yaml';

export async function readConfigFile(root: string) {
  const path = join(root, CONFIG_FILE);
  const file = new VFile({ path: CONFIG_FILE, cwd: root });
  if (!existsSync(path)) {
    report(file, 'config-missing', `No ${CONFIG_FILE} in ${root}`, undefined);
    return { file, config: undefined as Config | undefined, parsed: undefined };
  }
  file.value = await readFile(path, 'utf8');
  const parsed = parseYaml(file, String(file.value));
  const config = validateYaml(file, parsed, configSchema, 'config-invalid', CONFIG_FILE);
  return { file, config, parsed };
}

export type ConfigFile = Awaited<ReturnType<typeof readConfigFile>>;
