// Human names and deeds for the SPDX licence ids a book is likely to carry.
// Names and URLs: https://spdx.org/licenses/ and https://creativecommons.org/licenses/

export interface LicenseInfo {
  id: string;
  name: string;
  url?: string;
}

const CC_PARTS: Record<string, string> = {
  BY: 'Attribution',
  'BY-SA': 'Attribution-ShareAlike',
  'BY-ND': 'Attribution-NoDerivatives',
  'BY-NC': 'Attribution-NonCommercial',
  'BY-NC-SA': 'Attribution-NonCommercial-ShareAlike',
  'BY-NC-ND': 'Attribution-NonCommercial-NoDerivatives',
};

const OTHERS: Record<string, LicenseInfo> = {
  'CC0-1.0': {
    id: 'CC0-1.0',
    name: 'Creative Commons Zero v1.0 Universal',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  MIT: { id: 'MIT', name: 'MIT License', url: 'https://opensource.org/license/mit' },
};

/** The licence's full name and deed URL; unknown ids come back as they are, without a URL. */
export function describeLicense(id: string): LicenseInfo {
  const cc = /^CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)$/i.exec(id.trim());
  if (cc) {
    const kind = (cc[1] as string).toUpperCase();
    const version = cc[2] as string;
    const words = CC_PARTS[kind];
    if (words) {
      // 4.0 is "International"; the older versions were "Generic"/"Unported"
      const scope = version === '4.0' ? ' International' : version === '3.0' ? ' Unported' : ' Generic';
      return {
        id,
        name: `Creative Commons ${words} ${version}${scope}`,
        url: `https://creativecommons.org/licenses/${kind.toLowerCase()}/${version}/`,
      };
    }
  }
  const known = OTHERS[id.trim()];
  if (known) return known;
  if (/^all[- ]rights[- ]reserved$/i.test(id.trim())) return { id, name: 'All rights reserved' };
  return { id, name: id };
}
