// Plausible blog prose from a small grammar: sentences are assembled from
// templates and topic word lists, so 1000 posts read like 1000 different (if
// rather earnest) hobby blogs rather than one paragraph of lorem ipsum repeated.
// Markdown parsers and typesetters care about the shape of text (word lengths,
// punctuation, paragraph sizes), and this keeps that shape realistic.

export interface Topic {
  name: string;
  nouns: string[];
  verbs: string[];
  gerunds: string[];
  places: string[];
  tools: string[];
}

export const topics: Topic[] = [
  {
    name: 'writing',
    nouns: ['draft', 'notebook', 'paragraph', 'outline', 'first sentence', 'margin note', 'deadline', 'idea list'],
    verbs: ['rewrite', 'outline', 'finish', 'cut', 'reread', 'publish'],
    gerunds: ['drafting', 'editing', 'journaling', 'rewriting'],
    places: ['the kitchen table', 'the library', 'a quiet café', 'the train'],
    tools: ['a pencil', 'a plain text editor', 'index cards', 'a timer'],
  },
  {
    name: 'gardening',
    nouns: ['seed tray', 'compost heap', 'tomato plant', 'raised bed', 'watering can', 'hedge', 'bean row', 'greenhouse'],
    verbs: ['prune', 'water', 'sow', 'mulch', 'repot', 'harvest'],
    gerunds: ['weeding', 'planting', 'pruning', 'composting'],
    places: ['the allotment', 'the back garden', 'the windowsill', 'the shed'],
    tools: ['a trowel', 'secateurs', 'a hose', 'a garden fork'],
  },
  {
    name: 'baking',
    nouns: ['sourdough starter', 'loaf', 'oven', 'dough', 'crust', 'recipe card', 'proving basket', 'rye flour'],
    verbs: ['knead', 'shape', 'bake', 'proof', 'score', 'weigh'],
    gerunds: ['baking', 'kneading', 'shaping', 'proofing'],
    places: ['the kitchen', 'the bakery down the road', "my grandmother's house", 'the market'],
    tools: ['a scale', 'a dough scraper', 'a cast-iron pot', 'a thermometer'],
  },
  {
    name: 'cycling',
    nouns: ['chain', 'saddle', 'climb', 'route', 'headwind', 'puncture', 'commute', 'map'],
    verbs: ['ride', 'climb', 'repair', 'plan', 'oil', 'descend'],
    gerunds: ['cycling', 'climbing', 'commuting', 'touring'],
    places: ['the canal path', 'the hill behind town', 'the ring road', 'the coast road'],
    tools: ['a pump', 'a multitool', 'tyre levers', 'a rain jacket'],
  },
  {
    name: 'photography',
    nouns: ['lens', 'shutter', 'contact sheet', 'shadow', 'frame', 'film roll', 'print', 'light meter'],
    verbs: ['frame', 'expose', 'develop', 'crop', 'print', 'wait for'],
    gerunds: ['shooting', 'developing', 'printing', 'walking'],
    places: ['the old market', 'the harbour', 'the darkroom', 'the station'],
    tools: ['a fifty-millimetre lens', 'a tripod', 'a notebook of exposures', 'a grey card'],
  },
  {
    name: 'running',
    nouns: ['long run', 'pace', 'warm-up', 'hill', 'training plan', 'shoe', 'finish line', 'rest day'],
    verbs: ['run', 'stretch', 'pace', 'recover', 'train', 'plan'],
    gerunds: ['running', 'training', 'stretching', 'resting'],
    places: ['the park', 'the track', 'the river path', 'the woods'],
    tools: ['a watch', 'a training diary', 'good shoes', 'a water bottle'],
  },
  {
    name: 'woodworking',
    nouns: ['joint', 'plank', 'workbench', 'chisel', 'grain', 'shelf', 'dovetail', 'offcut'],
    verbs: ['plane', 'saw', 'sand', 'glue', 'measure', 'sharpen'],
    gerunds: ['sawing', 'sanding', 'joining', 'finishing'],
    places: ['the garage', 'the workshop', 'the timber yard', 'the porch'],
    tools: ['a marking gauge', 'a block plane', 'clamps', 'a square'],
  },
  {
    name: 'birdwatching',
    nouns: ['heron', 'feeder', 'field guide', 'hide', 'song', 'migration', 'wren', 'tally'],
    verbs: ['spot', 'count', 'listen for', 'sketch', 'record', 'identify'],
    gerunds: ['watching', 'listening', 'counting', 'sketching'],
    places: ['the marsh', 'the estuary', 'the hedge at the end of the road', 'the reservoir'],
    tools: ['binoculars', 'a field notebook', 'a flask of tea', 'a pocket guide'],
  },
  {
    name: 'cooking',
    nouns: ['stock', 'pan', 'weeknight dinner', 'spice drawer', 'leftover', 'knife', 'soup', 'shopping list'],
    verbs: ['chop', 'simmer', 'season', 'taste', 'plan', 'roast'],
    gerunds: ['cooking', 'chopping', 'tasting', 'batch cooking'],
    places: ['the kitchen', 'the market', "a friend's flat", 'the campsite'],
    tools: ['a sharp knife', 'a heavy pan', 'a wooden spoon', 'a notebook of recipes'],
  },
  {
    name: 'language learning',
    nouns: ['vocabulary list', 'accent', 'grammar rule', 'conversation', 'phrasebook', 'mistake', 'flashcard', 'podcast'],
    verbs: ['practise', 'memorise', 'translate', 'repeat', 'listen to', 'review'],
    gerunds: ['practising', 'reading', 'listening', 'speaking'],
    places: ['the evening class', 'the bus', 'a café abroad', 'the kitchen'],
    tools: ['flashcards', 'a pocket dictionary', 'a language exchange partner', 'a notebook'],
  },
  {
    name: 'home repair',
    nouns: ['leaking tap', 'shelf bracket', 'fuse box', 'paint tin', 'window frame', 'drill', 'skirting board', 'toolbox'],
    verbs: ['fix', 'paint', 'drill', 'replace', 'measure', 'seal'],
    gerunds: ['fixing', 'painting', 'drilling', 'patching'],
    places: ['the hallway', 'the bathroom', 'the hardware shop', 'the loft'],
    tools: ['a spirit level', 'a cordless drill', 'filler', 'a stud finder'],
  },
  {
    name: 'reading',
    nouns: ['library card', 'reading list', 'chapter', 'margin', 'book club', 'second-hand shop', 'bookmark', 'series'],
    verbs: ['read', 'reread', 'annotate', 'recommend', 'borrow', 'finish'],
    gerunds: ['reading', 'rereading', 'annotating', 'browsing'],
    places: ['the library', 'the armchair by the window', 'the bus', 'the book club'],
    tools: ['a pencil', 'a reading journal', 'a lamp', 'a library card'],
  },
];

const openers = [
  'Last spring,',
  'For a long time,',
  'At first,',
  'A few weeks ago,',
  'Years ago,',
  'This morning,',
  'Every so often,',
  'On a wet Tuesday,',
  'Honestly,',
  'In the end,',
];
const subjects = [
  'I',
  'my neighbour',
  'a friend of mine',
  'most beginners',
  'we',
  'my brother',
  'everyone in the group',
  'the person who taught me',
];
const adjectives = [
  'slow',
  'unexpected',
  'boring',
  'difficult',
  'quiet',
  'useful',
  'messy',
  'surprising',
  'patient',
  'ordinary',
  'small',
  'forgiving',
];
const adverbs = [
  'carefully',
  'badly',
  'slowly',
  'twice',
  'without thinking',
  'on purpose',
  'every week',
  'in a hurry',
  'with some help',
];
const times = [
  'before breakfast',
  'after work',
  'on Sunday mornings',
  'once a week',
  'every evening',
  'in the winter',
  'on holiday',
  'when nobody was watching',
];
const results = [
  'it took far longer than I expected',
  'the result was better than it had any right to be',
  'I learned more from the mistakes than from the successes',
  'nothing went to plan, which turned out to be the point',
  'I finally understood why people make such a fuss about it',
  'it became a habit without my noticing',
  'I had to start again from the beginning',
  'the second attempt was much easier',
];
const claims = [
  'you need expensive equipment to start',
  'talent matters more than practice',
  'the first month is the hardest',
  'you should learn the theory before trying anything',
  'there is one right way to do it',
  'mistakes are a sign you should stop',
];
const counters = [
  'the cheapest option is usually enough for a year',
  'turning up regularly beats talent almost every time',
  'the third month is where most people give up',
  'doing it badly first teaches you which theory matters',
  'there are as many ways as there are people doing it',
  'mistakes are the fastest teacher you will ever have',
];

type Rnd = () => number;

export class Prose {
  constructor(
    readonly rnd: Rnd,
    readonly topic: Topic,
  ) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)];
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.rnd() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  sentence(): string {
    const t = this.topic;
    const n = () => this.pick(t.nouns);
    const templates: (() => string)[] = [
      () =>
        `${this.pick(openers)} ${this.pick(subjects)} tried to ${this.pick(t.verbs)} the ${n()} ${this.pick(times)}, and ${this.pick(results)}.`,
      () => `The ${this.pick(adjectives)} part of ${this.pick(t.gerunds)} is the ${n()}, not the ${n()}.`,
      () => `Most people will tell you that ${this.pick(claims)}; in my experience, ${this.pick(counters)}.`,
      () => `If you ${this.pick(t.verbs)} the ${n()} ${this.pick(adverbs)}, the ${n()} tends to take care of itself.`,
      () => `I keep ${this.pick(t.tools)} near ${this.pick(t.places)}, because that is where the ${n()} usually happens.`,
      () =>
        `There is ${an(this.pick(adjectives))} pleasure in ${this.pick(t.gerunds)} ${this.pick(times)} -- nobody expects anything of you.`,
      () =>
        `What changed things for me was ${this.pick(t.tools)}, which cost almost nothing and made the ${n()} ${this.pick(adjectives)} again.`,
      () => `Why does the ${n()} matter so much? Because without it, ${this.pick(t.gerunds)} turns into guesswork.`,
      () =>
        `${capital(this.pick(subjects))} once said that the ${n()} is "${this.pick(adjectives)} until it isn't", and I think about that ${this.pick(times)}.`,
      () => `You don't need ${this.pick(t.tools)} to begin; you need ten minutes and ${an(n())}.`,
      () => `It's tempting to ${this.pick(t.verbs)} everything at once, but one ${n()} at a time is faster in the long run.`,
      () => `By the third attempt, the ${n()} felt ${this.pick(adjectives)}, and ${this.pick(t.gerunds)} felt like mine.`,
      () => `Nobody at ${this.pick(t.places)} seemed to mind that the ${n()} was ${this.pick(adjectives)}.`,
      () => `Write down what happened to the ${n()} -- the notes are worth more than you think...`,
      () => `Looking back, the ${n()} was never the problem; the problem was waiting for ${this.pick(times)} to come round.`,
      () => `I used to ${this.pick(t.verbs)} the ${n()} ${this.pick(adverbs)}. Now I do it ${this.pick(times)}, and it shows.`,
      () => `A good ${n()} is ${this.pick(adjectives)}, cheap and easy to find again tomorrow.`,
      () => `So, for what it's worth: ${this.pick(counters)}.`,
      () => `The day I forgot ${this.pick(t.tools)}, I discovered I didn't really need it.`,
      () => `"Is the ${n()} supposed to look like that?" ${capital(this.pick(subjects))} asked, and the honest answer was no.`,
    ];
    return this.pick(templates)();
  }

  paragraph(sentences = this.int(3, 6)): string {
    return Array.from({ length: sentences }, () => this.sentence()).join(' ');
  }

  heading(): string {
    const t = this.topic;
    const forms: (() => string)[] = [
      () => `Why the ${this.pick(t.nouns)} matters`,
      () => `What I changed about ${this.pick(t.gerunds)}`,
      () => `The ${this.pick(adjectives)} ${this.pick(t.nouns)}`,
      () => `Starting with ${this.pick(t.tools)}`,
      () => `A note on ${this.pick(t.gerunds)}`,
      () => `Lessons from ${this.pick(t.places)}`,
      () => `When the ${this.pick(t.nouns)} goes wrong`,
      () => `${capital(this.pick(t.gerunds))} ${this.pick(times)}`,
    ];
    return this.pick(forms)();
  }

  title(): string {
    const t = this.topic;
    const forms: (() => string)[] = [
      () => `What ${this.pick(t.gerunds)} taught me about the ${this.pick(t.nouns)}`,
      () => `${capital(this.pick(t.gerunds))} ${this.pick(times)}`,
      () => capital(`${an(this.pick(adjectives))} guide to the ${this.pick(t.nouns)}`),
      () => `Notes from ${this.pick(t.places)}`,
      () => `On ${this.pick(t.tools)} and the ${this.pick(t.nouns)}`,
      () => `The ${this.pick(t.nouns)}, ${this.pick(adverbs)}`,
    ];
    return this.pick(forms)();
  }

  listItem(): string {
    const t = this.topic;
    return this.pick([
      () => `${capital(this.pick(t.verbs))} the ${this.pick(t.nouns)} ${this.pick(times)}`,
      () => `keep ${this.pick(t.tools)} somewhere you can see it`,
      () => `expect the ${this.pick(t.nouns)} to be ${this.pick(adjectives)} at first`,
      () => `ask someone at ${this.pick(t.places)} how they do it`,
      () => `write one line about every ${this.pick(t.nouns)}`,
    ])();
  }
}

/** "a" or "an", by the first letter: close enough for generated text. */
export function an(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

export function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const tagPool = [
  'habits',
  'craft',
  'tools',
  'notes',
  'mistakes',
  'beginners',
  'weekends',
  'seasons',
  'practice',
  'patience',
  'planning',
  'kit',
  'lessons',
  'routines',
  'outdoors',
  'kitchen',
  'workshop',
  'reading',
  'travel',
  'friends',
  'budget',
  'winter',
  'summer',
  'experiments',
  'progress',
  'setbacks',
  'ideas',
  'questions',
  'community',
  'slow-living',
];
