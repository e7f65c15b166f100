// The things the sketches show. Each subject draws itself in the 1200×900 design
// space of `Sketch`; `tone` adds soft graphite shading (used for the JPEGs).
import { type PaperOptions, type Pt, rasterise, Sketch, seedOf } from './sketch.ts';

export type Subject = (s: Sketch, tone: boolean) => void;

const TAU = Math.PI * 2;

/** Points on an ellipse arc, angles in radians, y pointing down. */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, n = 24): Pt[] {
  const pts: Pt[] = [];
  for (let i = 0; i <= n; i++) {
    const t = a0 + ((a1 - a0) * i) / n;
    pts.push([cx + Math.cos(t) * rx, cy + Math.sin(t) * ry]);
  }
  return pts;
}

const lerp = (a: Pt, b: Pt, t: number): Pt => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** A leaf or petal from base to tip, bulging `w` to each side. */
function leaf(s: Sketch, base: Pt, tip: Pt, w: number, hatch = false): void {
  const dx = tip[0] - base[0];
  const dy = tip[1] - base[1];
  const len = Math.hypot(dx, dy);
  const nx = -dy / len;
  const ny = dx / len;
  const side = (sign: number) => {
    const pts: Pt[] = [];
    for (let i = 0; i <= 8; i++) {
      const u = i / 8;
      const b = Math.sin(Math.PI * u) * w * (1 - u * 0.3);
      pts.push([base[0] + dx * u + nx * b * sign, base[1] + dy * u + ny * b * sign]);
    }
    return pts;
  };
  const left = side(1);
  const right = side(-1);
  s.stroke(left, { w: 1.8 });
  s.stroke(right, { w: 1.8 });
  s.line(base, lerp(base, tip, 0.85), { w: 1.1, passes: 1 });
  if (hatch) s.hatch([...left, ...right.reverse()], { angle: 70, gap: 9, opacity: 0.4 });
}

/** Ground under an object: a floor line and a hatched cast shadow. */
function ground(s: Sketch, y: number, shadow: Pt[], tone: boolean): void {
  s.line([140, y + s.r(-4, 4)], [1060, y + s.r(-4, 4)], { w: 1.6, passes: 1, opacity: 0.6 });
  s.hatch(shadow, { angle: 20, gap: 8, opacity: 0.45 });
  if (tone) s.smudge(shadow, 0.14);
}

const clock: Subject = (s, tone) => {
  const [cx, cy] = [600, 440];
  // Bells first so the body's outline sits on top of them.
  for (const sx of [-1, 1]) {
    const bx = cx + sx * 150;
    s.stroke(arc(bx, 250, 80, 62, Math.PI, TAU, 16), { w: 2.6 });
    s.line([bx - 84, 252], [bx + 84, 250], { w: 2.4 });
    s.line([bx - sx * 10, 255], [bx - sx * 40, 290], { w: 2 });
  }
  s.line([cx, 210], [cx, 170], { w: 2.4 });
  s.line([cx - 40, 168], [cx + 40, 166], { w: 3 });
  s.ellipse(cx, cy, 230, 230, { w: 3.2 });
  s.ellipse(cx, cy, 204, 204, { w: 2 });
  s.hatch([...arc(cx, cy, 230, 230, -1.2, 1.9), ...arc(cx, cy, 204, 204, 1.9, -1.2)], { angle: 35, gap: 7 });
  for (let i = 0; i < 12; i++) {
    const a = (i / 12) * TAU;
    const inner = i % 3 === 0 ? 160 : 180;
    s.line([cx + Math.sin(a) * inner, cy - Math.cos(a) * inner], [cx + Math.sin(a) * 194, cy - Math.cos(a) * 194], {
      w: i % 3 === 0 ? 3.4 : 2,
      passes: 1,
    });
  }
  const hand = (deg: number, len: number, w: number) => {
    const a = (deg * Math.PI) / 180;
    s.stroke(
      [
        [cx - Math.sin(a) * 18, cy + Math.cos(a) * 18],
        [cx + Math.sin(a) * len, cy - Math.cos(a) * len],
      ],
      { w },
    );
  };
  hand(-62, 105, 5.5);
  hand(58, 160, 3.4);
  hand(170, 150, 1.4);
  s.ellipse(cx, cy, 9, 9, { w: 4 });
  s.line([cx - 140, cy + 180], [cx - 185, cy + 270], { w: 4 });
  s.line([cx + 140, cy + 180], [cx + 185, cy + 270], { w: 4 });
  ground(s, 712, arc(cx + 40, 716, 250, 22, 0, TAU, 20), tone);
  if (tone) s.smudge(arc(cx + 60, cy + 20, 200, 210, -1.1, 1.6, 16), 0.12);
};

const lightbulb: Subject = (s, tone) => {
  const [cx, cy, r] = [600, 330, 175];
  const a0 = (140 * Math.PI) / 180;
  const a1 = (400 * Math.PI) / 180;
  const glass: Pt[] = [
    [545, 600],
    [538, 540],
    [cx + Math.cos(a0) * r, cy + Math.sin(a0) * r],
    ...arc(cx, cy, r, r, a0 + 0.15, a1 - 0.15, 22),
    [cx + Math.cos(a1) * r, cy + Math.sin(a1) * r],
    [662, 540],
    [655, 600],
  ];
  s.stroke(glass, { w: 3 });
  s.hatch([...arc(cx, cy, r, r, -0.9, 0.75, 14), ...arc(cx + 30, cy, r - 40, r - 20, 0.75, -0.9, 14)], { angle: 60, gap: 8 });
  s.stroke(arc(cx - 40, cy - 30, 95, 95, Math.PI * 1.05, Math.PI * 1.45, 8), { w: 2.2, passes: 1 });
  // Filament: two wires and a zigzag, the part people recognise first.
  s.line([575, 600], [578, 395], { w: 1.6 });
  s.line([625, 600], [622, 395], { w: 1.6 });
  const zig: Pt[] = [];
  for (let i = 0; i <= 8; i++) zig.push([578 + (44 * i) / 8, i % 2 ? 378 : 398]);
  s.stroke(zig, { w: 1.8 });
  for (let i = 0; i < 5; i++) {
    const y = 606 + i * 20;
    s.line([540, y], [660, y + 8], { w: 2.4 });
  }
  s.line([540, 600], [542, 695], { w: 2.4 });
  s.line([660, 600], [658, 705], { w: 2.4 });
  s.hatch(
    [
      [540, 600],
      [660, 600],
      [660, 705],
      [540, 695],
    ],
    { angle: -50, gap: 10, opacity: 0.35 },
  );
  s.poly(
    [
      [565, 700],
      [635, 708],
      [620, 740],
      [580, 738],
    ],
    { w: 2.6 },
  );
  for (let i = 0; i < 9; i++) {
    const a = Math.PI * (1.1 + (i * 0.8) / 8);
    s.line(
      [cx + Math.cos(a) * 225, cy + Math.sin(a) * 225],
      [cx + Math.cos(a) * (285 + s.r(-15, 15)), cy + Math.sin(a) * (285 + s.r(-15, 15))],
      { w: 2.6 },
    );
  }
  if (tone) s.smudge(arc(cx + 50, cy + 20, 130, 150, -1, 1.2, 12), 0.1);
};

const pages: Subject = (s, tone) => {
  const A: Pt = [300, 390];
  const B: Pt = [820, 330];
  const C: Pt = [890, 560];
  const D: Pt = [360, 640];
  const depth = 9;
  const sheets = 7;
  if (tone)
    s.smudge(
      [
        [D[0] - 20, D[1] + 60],
        [C[0] + 30, C[1] + 70],
        [C[0] + 80, C[1] + 110],
        [D[0] + 30, D[1] + 120],
      ],
      0.2,
    );
  for (let k = 1; k <= sheets; k++) {
    const o = k * depth;
    s.line([D[0] + s.r(-3, 3), D[1] + o], [C[0] + s.r(-3, 3), C[1] + o], { w: 1.4, passes: 1, opacity: 0.7 });
    s.line([C[0], C[1] + o], [B[0] + s.r(-4, 4), B[1] + o], { w: 1.2, passes: 1, opacity: 0.6 });
  }
  s.line(D, [D[0], D[1] + depth * sheets + 4], { w: 2.4 });
  s.line(C, [C[0], C[1] + depth * sheets + 4], { w: 2.4 });
  s.line(B, [B[0], B[1] + depth * sheets], { w: 2 });
  s.hatch([C, B, [B[0], B[1] + depth * sheets], [C[0], C[1] + depth * sheets]], { angle: 80, gap: 7 });
  s.poly([A, B, C, D], { w: 2.8 });
  // The top page, written on, one line crossed out.
  for (let i = 0; i < 8; i++) {
    const t0 = 0.1 + i * 0.1;
    const a = lerp(lerp(A, D, t0), lerp(B, C, t0), 0.08);
    const b = lerp(lerp(A, D, t0), lerp(B, C, t0), i === 7 ? 0.5 : 0.9);
    s.scribble(a, b, { size: 5 });
    if (i === 3) s.line(lerp(a, b, -0.02), lerp(a, b, 1.02), { w: 2.6, passes: 1 });
  }
  // A crumpled page beside the stack.
  const [bx, by] = [990, 700];
  s.ellipse(bx, by, 70, 60, { w: 2.4, wobble: 5 });
  const creases: Pt[] = [];
  for (let i = 0; i < 9; i++) creases.push([bx + s.r(-55, 55), by + s.r(-45, 45)]);
  s.stroke(creases, { w: 1.4, passes: 1, wobble: 3 });
  s.hatch(arc(bx, by, 70, 60, -0.5, 1.8, 10), { angle: 30, gap: 9 });
  ground(s, 770, arc(bx + 20, 770, 85, 14, 0, TAU, 12), false);
};

const chair: Subject = (s, tone) => {
  const seat: Pt[] = [
    [455, 505],
    [735, 485],
    [800, 565],
    [510, 590],
  ];
  if (tone)
    s.smudge(
      [
        [470, 800],
        [840, 775],
        [920, 820],
        [520, 850],
      ],
      0.2,
    );
  ground(
    s,
    800,
    [
      [460, 790],
      [830, 770],
      [930, 815],
      [520, 845],
    ],
    false,
  );
  // Back legs and back first, the seat overlaps them.
  s.line([458, 515], [455, 760], { w: 3 });
  s.line([733, 495], [735, 735], { w: 3 });
  s.line([455, 505], [458, 195], { w: 3.2 });
  s.line([735, 485], [742, 178], { w: 3.2 });
  s.line([455, 200], [742, 182], { w: 3.4 });
  s.line([456, 232], [741, 214], { w: 2.2 });
  s.line([457, 275], [740, 258], { w: 2.6 });
  for (const t of [0.3, 0.5, 0.7]) s.line(lerp([457, 278], [740, 261], t), lerp([455, 500], [735, 482], t), { w: 2.2 });
  s.hatch(
    [
      [455, 200],
      [742, 182],
      [741, 214],
      [456, 232],
    ],
    { angle: 10, gap: 6 },
  );
  s.poly(seat, { w: 3 });
  s.line(seat[3], [seat[3][0], seat[3][1] + 18], { w: 2.4 });
  s.line(seat[2], [seat[2][0], seat[2][1] + 18], { w: 2.4 });
  s.line([seat[3][0], seat[3][1] + 18], [seat[2][0], seat[2][1] + 18], { w: 2.4 });
  s.hatch([seat[3], seat[2], [seat[2][0], seat[2][1] + 18], [seat[3][0], seat[3][1] + 18]], { angle: 80, gap: 5 });
  s.line([515, 608], [520, 820], { w: 3.4 });
  s.line([795, 583], [800, 795], { w: 3.4 });
  s.line([518, 740], [797, 722], { w: 2 });
  s.line([457, 690], [518, 720], { w: 1.8 });
  s.line([734, 680], [798, 705], { w: 1.8 });
};

const desk: Subject = (s, tone) => {
  if (tone) {
    s.smudge(
      [
        [200, 800],
        [1000, 800],
        [1040, 840],
        [170, 840],
      ],
      0.22,
    );
    s.smudge(
      [
        [420, 470],
        [760, 470],
        [700, 330],
        [520, 320],
      ],
      0.06,
    );
  }
  s.line([130, 805], [1070, 800], { w: 1.6, passes: 1, opacity: 0.6 });
  s.poly(
    [
      [250, 470],
      [950, 470],
      [1010, 530],
      [190, 530],
    ],
    { w: 3 },
  );
  s.rect(190, 530, 820, 24, { w: 2.6 });
  s.hatch(
    [
      [190, 530],
      [1010, 530],
      [1010, 554],
      [190, 554],
    ],
    { angle: 5, gap: 6 },
  );
  s.line([215, 554], [215, 800], { w: 3.4 });
  s.line([240, 554], [240, 790], { w: 2 });
  s.rect(740, 554, 240, 150, { w: 2.6 });
  s.line([740, 630], [980, 630], { w: 2.2 });
  s.line([835, 592], [885, 592], { w: 3 });
  s.line([835, 668], [885, 668], { w: 3 });
  s.line([980, 704], [980, 800], { w: 3.4 });
  s.line([745, 704], [745, 800], { w: 3 });
  // Lamp: base, two arm segments, shade, light falling on the page.
  s.ellipse(330, 470, 60, 12, { w: 2.6 });
  s.stroke(
    [
      [330, 466],
      [300, 330],
      [430, 250],
    ],
    { w: 3.2, close: false },
  );
  s.ellipse(300, 330, 8, 8, { w: 3 });
  s.poly(
    [
      [410, 230],
      [490, 200],
      [545, 300],
      [445, 330],
    ],
    { w: 3 },
  );
  s.hatch(
    [
      [410, 230],
      [490, 200],
      [545, 300],
      [445, 330],
    ],
    { angle: 60, gap: 7 },
  );
  s.hatch(
    [
      [445, 330],
      [545, 300],
      [760, 460],
      [470, 468],
    ],
    { angle: -20, gap: 16, opacity: 0.2 },
  );
  // Open notebook.
  s.poly(
    [
      [510, 460],
      [625, 440],
      [630, 468],
      [515, 486],
    ],
    { w: 2.2 },
  );
  s.poly(
    [
      [625, 440],
      [745, 450],
      [750, 475],
      [630, 468],
    ],
    { w: 2.2 },
  );
  for (let i = 1; i < 4; i++) s.scribble([525, 466 + i * 3 - 10 + i * 2], [610, 450 + i * 3 - 4 + i * 2], { size: 2 });
  // Cup.
  s.ellipse(870, 410, 38, 10, { w: 2.2 });
  s.line([832, 410], [840, 468], { w: 2.4 });
  s.line([908, 410], [900, 468], { w: 2.4 });
  s.stroke(arc(870, 466, 30, 7, 0, Math.PI, 8), { w: 2.2 });
  s.stroke(arc(912, 438, 18, 20, -1.5, 1.5, 8), { w: 2.2 });
  s.stroke(
    [
      [860, 390],
      [870, 370],
      [858, 350],
      [868, 330],
    ],
    { w: 1.4, passes: 1 },
  );
};

const bookshelf: Subject = (s, tone) => {
  const [x0, x1] = [330, 870];
  s.rect(x0 - 20, 120, x1 - x0 + 40, 700, { w: 3.2 });
  s.line([x0, 140], [x0, 820], { w: 2 });
  s.line([x1, 140], [x1, 820], { w: 2 });
  s.hatch(
    [
      [x0 - 20, 120],
      [x0, 140],
      [x0, 820],
      [x0 - 20, 820],
    ],
    { angle: 80, gap: 6 },
  );
  for (const shelfY of [300, 480, 660, 820]) {
    s.line([x0, shelfY], [x1, shelfY], { w: 2.6 });
    s.line([x0, shelfY + 14], [x1, shelfY + 14], { w: 1.8 });
    let x = x0 + s.r(4, 14);
    while (x < x1 - 30) {
      const w = s.r(22, 50);
      const h = s.r(95, 150);
      if (x + w > x1 - 6) break;
      if (s.rnd() < 0.12 && x + w + 40 < x1) {
        // A book leaning on its neighbour.
        const lean = h * 0.45;
        s.poly(
          [
            [x, shelfY],
            [x + w, shelfY],
            [x + w + lean, shelfY - h * 0.88],
            [x + lean, shelfY - h * 0.9],
          ],
          { w: 2 },
        );
        x += w + lean + s.r(2, 6);
        continue;
      }
      s.rect(x, shelfY - h, w, h, { w: 2, passes: 1 });
      s.line([x + 3, shelfY - h + 18], [x + w - 3, shelfY - h + 18], { w: 1.2, passes: 1 });
      s.line([x + 3, shelfY - 20], [x + w - 3, shelfY - 20], { w: 1.2, passes: 1 });
      if (s.rnd() < 0.35)
        s.hatch(
          [
            [x, shelfY - h],
            [x + w, shelfY - h],
            [x + w, shelfY],
            [x, shelfY],
          ],
          { angle: 75, gap: 7, opacity: 0.45 },
        );
      x += w + s.r(0, 4);
    }
  }
  ground(
    s,
    822,
    [
      [x0 - 20, 822],
      [x1 + 20, 822],
      [x1 + 120, 860],
      [x0 + 60, 860],
    ],
    tone,
  );
};

const calendar: Subject = (s, tone) => {
  const [x, y, w, h] = [330, 180, 540, 600];
  s.line([600, 90], [x + 60, y], { w: 1.4, passes: 1 });
  s.line([600, 90], [x + w - 60, y], { w: 1.4, passes: 1 });
  s.ellipse(600, 88, 9, 9, { w: 3 });
  if (tone)
    s.smudge(
      [
        [x + 20, y + 20],
        [x + w + 25, y + 25],
        [x + w + 25, y + h + 25],
        [x + 20, y + h + 20],
      ],
      0.2,
    );
  s.rect(x, y, w, h, { w: 3 });
  s.rect(x, y, w, 100, { w: 2.4 });
  s.hatch(
    [
      [x, y],
      [x + w, y],
      [x + w, y + 100],
      [x, y + 100],
    ],
    { angle: 40, gap: 9 },
  );
  for (let i = 0; i < 6; i++) s.stroke(arc(x + 60 + i * 84, y, 10, 22, Math.PI * 0.9, Math.PI * 2.3, 10), { w: 2.4 });
  const top = y + 130;
  const cw = w / 7;
  const rh = (h - 140) / 5;
  for (let c = 1; c < 7; c++) s.line([x + c * cw, top], [x + c * cw, y + h], { w: 1.4, passes: 1 });
  for (let r = 0; r <= 4; r++) s.line([x, top + r * rh], [x + w, top + r * rh], { w: 1.4, passes: 1 });
  for (let c = 0; c < 7; c++) s.scribble([x + c * cw + 18, y + 116], [x + c * cw + 50, y + 116], { size: 3 });
  // Days crossed off, a gap where the habit slipped, then one day circled: start again.
  for (let d = 0; d < 35; d++) {
    const cx = x + (d % 7) * cw;
    const cy = top + Math.floor(d / 7) * rh;
    s.scribble([cx + 8, cy + 14], [cx + 26, cy + 14], { size: 2.5, w: 1 });
    if (d < 12 || (d > 17 && d < 20)) {
      s.line([cx + 14, cy + 22], [cx + cw - 12, cy + rh - 10], { w: 2.4, passes: 1 });
      s.line([cx + cw - 14, cy + 20], [cx + 12, cy + rh - 10], { w: 2.4, passes: 1 });
    }
    if (d === 22) s.ellipse(cx + cw / 2, cy + rh / 2 + 4, cw / 2 - 4, rh / 2 - 6, { w: 3.4, wobble: 3 });
  }
};

const door: Subject = (s, tone) => {
  if (tone)
    s.smudge(
      [
        [445, 170],
        [640, 200],
        [640, 745],
        [445, 780],
      ],
      0.2,
    );
  s.hatch(
    [
      [220, 110],
      [400, 120],
      [400, 780],
      [220, 780],
    ],
    { angle: 88, gap: 13, opacity: 0.25 },
  );
  s.line([120, 790], [1080, 786], { w: 1.8, passes: 1 });
  s.rect(410, 130, 380, 660, { w: 3.2 });
  s.rect(430, 150, 340, 640, { w: 2 });
  // The door stands open towards us, hinged on the left; the gap is lit.
  const door: Pt[] = [
    [432, 152],
    [640, 195],
    [640, 745],
    [432, 788],
  ];
  s.poly(door, { w: 3 });
  s.hatch(door, { angle: 85, gap: 9, opacity: 0.5 });
  s.poly(
    [
      [462, 215],
      [612, 240],
      [612, 450],
      [462, 440],
    ],
    { w: 1.8 },
  );
  s.poly(
    [
      [462, 490],
      [612, 495],
      [612, 700],
      [462, 725],
    ],
    { w: 1.8 },
  );
  s.ellipse(618, 470, 9, 11, { w: 3 });
  s.line([640, 195], [660, 192], { w: 2 });
  s.line([640, 745], [660, 742], { w: 2 });
  s.line([660, 192], [660, 742], { w: 2 });
  // Light spilling onto the floor, and rays from the gap.
  s.stroke(
    [
      [660, 790],
      [900, 900],
      [1130, 900],
      [770, 790],
    ],
    { w: 1.4, passes: 1, opacity: 0.6 },
  );
  for (let i = 0; i < 6; i++) {
    const y = 250 + i * 90;
    s.line([800, y], [860 + s.r(0, 40), y + s.r(10, 40)], { w: 1.6, passes: 1, opacity: 0.5 });
  }
  s.hatch(
    [
      [120, 790],
      [660, 790],
      [900, 900],
      [120, 900],
    ],
    { angle: 15, gap: 12, opacity: 0.3 },
  );
};

const cup: Subject = (s, tone) => {
  const [cx] = [600];
  if (tone) s.smudge(arc(cx + 40, 700, 300, 70, 0, TAU, 20), 0.25);
  s.ellipse(cx, 680, 270, 62, { w: 2.8 });
  s.stroke(arc(cx, 672, 150, 30, 0.15, Math.PI - 0.15, 12), { w: 1.8 });
  s.hatch(arc(cx, 680, 270, 62, 0.1, Math.PI - 0.1, 16), { angle: 10, gap: 8 });
  s.stroke(
    [
      [430, 420],
      [438, 520],
      [462, 610],
      [478, 662],
    ],
    { w: 3 },
  );
  s.stroke(
    [
      [770, 420],
      [762, 520],
      [738, 610],
      [722, 662],
    ],
    { w: 3 },
  );
  s.stroke(arc(cx, 660, 122, 26, 0.05, Math.PI - 0.05, 12), { w: 3 });
  s.ellipse(cx, 420, 170, 40, { w: 3 });
  s.ellipse(cx, 428, 150, 30, { w: 1.6, passes: 1 });
  s.hatch(arc(cx, 428, 150, 30, 0, TAU, 16), { angle: 0, gap: 5, opacity: 0.6 });
  const body: Pt[] = [
    [650, 440],
    [770, 420],
    [762, 520],
    [738, 610],
    [722, 662],
    [640, 685],
  ];
  s.hatch(body, { angle: 70, gap: 7 });
  s.stroke(
    [
      [766, 455],
      [840, 450],
      [875, 500],
      [850, 565],
      [770, 590],
    ],
    { w: 3 },
  );
  s.stroke(
    [
      [764, 482],
      [825, 480],
      [845, 510],
      [825, 550],
      [758, 565],
    ],
    { w: 2 },
  );
  if (tone) s.smudge(body, 0.18);
  for (const x of [540, 600, 660]) {
    const pts: Pt[] = [];
    for (let i = 0; i <= 8; i++) pts.push([x + Math.sin(i * 1.1 + x) * 18, 360 - i * 28]);
    s.stroke(pts, { w: 1.8, passes: 1, opacity: 0.6 });
  }
};

const mountain: Subject = (s, tone) => {
  const ridge: Pt[] = [
    [120, 800],
    [300, 540],
    [380, 585],
    [600, 220],
    [715, 420],
    [800, 365],
    [1080, 800],
  ];
  if (tone)
    s.smudge(
      [
        [600, 220],
        [715, 420],
        [800, 365],
        [1080, 800],
        [640, 800],
        [660, 520],
      ],
      0.16,
    );
  s.stroke(ridge, { w: 3.2 });
  s.hatch(
    [
      [600, 220],
      [715, 420],
      [800, 365],
      [1080, 800],
      [650, 800],
      [660, 520],
    ],
    { angle: 60, gap: 10 },
  );
  s.hatch(
    [
      [300, 540],
      [380, 585],
      [340, 800],
      [240, 800],
    ],
    { angle: 60, gap: 12, opacity: 0.4 },
  );
  s.stroke(
    [
      [540, 320],
      [575, 345],
      [600, 320],
      [630, 352],
      [662, 318],
    ],
    { w: 2 },
  );
  s.line([600, 220], [605, 95], { w: 2.8 });
  s.poly(
    [
      [605, 98],
      [700, 118],
      [604, 146],
    ],
    { w: 2.4 },
  );
  s.hatch(
    [
      [605, 98],
      [700, 118],
      [604, 146],
    ],
    { angle: 80, gap: 6 },
  );
  // A dashed path climbing the mountain.
  const path: Pt[] = [
    [470, 800],
    [560, 700],
    [500, 620],
    [590, 520],
    [560, 420],
    [610, 320],
    [600, 230],
  ];
  for (let i = 0; i < path.length - 1; i++) {
    for (let t = 0; t < 1; t += 0.2)
      s.line(lerp(path[i], path[i + 1], t), lerp(path[i], path[i + 1], t + 0.1), { w: 2, passes: 1 });
  }
  s.ellipse(960, 190, 50, 50, { w: 2.4 });
  for (const [x, y] of [
    [300, 230],
    [360, 200],
    [830, 260],
  ] as Pt[]) {
    s.stroke(
      [
        [x - 22, y - 8],
        [x, y + 4],
        [x + 22, y - 10],
      ],
      { w: 2, passes: 1 },
    );
  }
  s.line([80, 802], [1120, 800], { w: 2, passes: 1, opacity: 0.7 });
};

const ladder: Subject = (s, tone) => {
  s.line([840, 60], [842, 820], { w: 2.4 });
  s.hatch(
    [
      [842, 60],
      [1100, 60],
      [1100, 820],
      [842, 820],
    ],
    { angle: 90, gap: 14, opacity: 0.25 },
  );
  if (tone)
    s.smudge(
      [
        [842, 60],
        [1100, 60],
        [1100, 820],
        [842, 820],
      ],
      0.12,
    );
  const a0: Pt = [360, 815];
  const a1: Pt = [760, 95];
  const b0: Pt = [460, 818];
  const b1: Pt = [838, 125];
  s.line(a0, a1, { w: 3.4 });
  s.line(b0, b1, { w: 3.4 });
  s.line([a0[0] + 12, a0[1]], [a1[0] + 10, a1[1] + 6], { w: 1.4, passes: 1 });
  s.line([b0[0] + 12, b0[1]], [b1[0] + 4, b1[1] + 10], { w: 1.4, passes: 1 });
  for (let i = 1; i <= 9; i++) {
    const t = i / 10.5;
    s.line(lerp(a0, a1, t), lerp(b0, b1, t), { w: 3 });
  }
  s.line([120, 820], [1100, 822], { w: 2, passes: 1 });
  s.hatch(
    [
      [360, 820],
      [470, 820],
      [700, 880],
      [540, 880],
    ],
    { angle: 20, gap: 8 },
  );
  // A star above the top rung: the place the ladder goes.
  const star: Pt[] = [];
  for (let i = 0; i <= 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 ? 16 : 40;
    star.push([700 + Math.cos(a) * r, 60 + Math.sin(a) * r]);
  }
  s.stroke(star, { w: 2.2 });
};

const pencil: Subject = (s, tone) => {
  const a: Pt = [230, 640];
  const b: Pt = [840, 250];
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const ux = (b[0] - a[0]) / len;
  const uy = (b[1] - a[1]) / len;
  const nx = -uy;
  const ny = ux;
  const half = 34;
  const at = (t: number, o: number): Pt => [a[0] + ux * t + nx * o, a[1] + uy * t + ny * o];
  if (tone) s.smudge([at(0, 50), at(len, 50), at(len + 140, 60), at(20, 90)], 0.18);
  // Cursive loops the pencil has just written.
  const loops: Pt[] = [];
  for (let t = 0; t < 58; t += 0.3)
    loops.push([170 + t * 12 + Math.cos(t) * 20, 780 - Math.abs(Math.sin(t / 2)) * 34 + Math.sin(t * 0.21) * 8]);
  s.stroke(loops, { w: 2, passes: 1 });
  s.line(at(0, -half), at(len, -half), { w: 3 });
  s.line(at(0, half), at(len, half), { w: 3 });
  s.line(at(0, -half / 3), at(len, -half / 3), { w: 1.6, passes: 1 });
  s.line(at(0, half / 3), at(len, half / 3), { w: 1.6, passes: 1 });
  s.hatch([at(0, half / 3), at(len, half / 3), at(len, half), at(0, half)], { angle: 58, gap: 7 });
  const tip: Pt = at(len + 150, 0);
  s.stroke([at(len, -half), tip, at(len, half)], { w: 2.8 });
  s.stroke([at(len, -half), at(len + 8, -half / 2), at(len, 0), at(len + 8, half / 2), at(len, half)], { w: 1.6, passes: 1 });
  s.hatch([at(len + 105, -11), tip, at(len + 105, 11)], { angle: 30, gap: 4, opacity: 0.9 });
  for (const t of [0, 18, 40, 58]) s.line(at(-t, -half - 2), at(-t, half + 2), { w: 2.2 });
  s.hatch([at(-58, -half), at(0, -half), at(0, half), at(-58, half)], { angle: 100, gap: 6, opacity: 0.35 });
  s.stroke([at(-58, -half), at(-110, -half + 6), at(-128, 0), at(-110, half - 6), at(-58, half)], { w: 2.8 });
};

const window: Subject = (s, tone) => {
  const [x, y, w, h] = [380, 150, 440, 480];
  if (tone)
    s.smudge(
      [
        [180, 100],
        [1020, 100],
        [1020, 800],
        [180, 800],
      ],
      0.06,
    );
  s.line([280, 120], [920, 112], { w: 3 });
  for (const side of [-1, 1]) {
    const x0 = side < 0 ? 300 : 900;
    for (let i = 0; i < 4; i++) {
      const pts: Pt[] = [];
      for (let j = 0; j <= 10; j++) pts.push([x0 - side * (i * 22 + Math.sin(j * 0.9 + i) * 6 + j * 3), 120 + j * 62]);
      s.stroke(pts, { w: 1.8, passes: 1 });
    }
  }
  s.rect(x, y, w, h, { w: 3.2 });
  s.rect(x + 16, y + 16, w - 32, h - 32, { w: 2 });
  s.line([x + w / 2, y + 16], [x + w / 2, y + h - 16], { w: 3 });
  s.line([x + 16, y + h / 2], [x + w - 16, y + h / 2], { w: 3 });
  // Outside: hills and a cloud, seen through the panes.
  s.stroke(
    [
      [x + 20, y + 330],
      [x + 120, y + 290],
      [x + 230, y + 320],
      [x + 330, y + 280],
      [x + w - 20, y + 300],
    ],
    { w: 1.8, passes: 1 },
  );
  s.hatch(
    [
      [x + 20, y + 330],
      [x + 120, y + 290],
      [x + 230, y + 320],
      [x + 330, y + 280],
      [x + w - 20, y + 300],
      [x + w - 20, y + h - 20],
      [x + 20, y + h - 20],
    ],
    { angle: 30, gap: 12, opacity: 0.3 },
  );
  s.stroke(
    [
      ...arc(x + 110, y + 110, 30, 22, Math.PI * 0.6, Math.PI * 1.9, 8),
      ...arc(x + 155, y + 100, 35, 28, Math.PI * 1.1, Math.PI * 2.2, 8),
      ...arc(x + 130, y + 130, 55, 14, 0.1, Math.PI * 0.9, 8),
    ],
    { w: 1.8, passes: 1 },
  );
  s.rect(340, y + h, w + 80, 26, { w: 2.8 });
  s.hatch(
    [
      [340, y + h],
      [x + w + 40, y + h],
      [x + w + 40, y + h + 26],
      [340, y + h + 26],
    ],
    { angle: 5, gap: 5 },
  );
  // A small pot on the sill.
  s.poly(
    [
      [700, y + h - 70],
      [760, y + h - 70],
      [752, y + h],
      [708, y + h],
    ],
    { w: 2.4 },
  );
  leaf(s, [730, y + h - 72], [700, y + h - 150], 14);
  leaf(s, [730, y + h - 72], [770, y + h - 140], 12);
};

const plant: Subject = (s, tone) => {
  if (tone)
    s.smudge(
      [
        [520, 780],
        [700, 780],
        [780, 810],
        [470, 810],
      ],
      0.25,
    );
  ground(
    s,
    782,
    [
      [520, 784],
      [690, 784],
      [800, 815],
      [560, 815],
    ],
    false,
  );
  s.ellipse(600, 540, 118, 22, { w: 2.8 });
  s.hatch(arc(600, 544, 100, 14, 0, TAU, 16), { angle: 0, gap: 4, opacity: 0.7 });
  s.line([482, 540], [485, 578], { w: 2.6 });
  s.line([718, 540], [715, 578], { w: 2.6 });
  s.stroke(arc(600, 578, 116, 18, 0.05, Math.PI - 0.05, 10), { w: 2.4 });
  s.stroke(
    [
      [498, 590],
      [520, 780],
    ],
    { w: 3 },
  );
  s.stroke(
    [
      [702, 590],
      [680, 780],
    ],
    { w: 3 },
  );
  s.stroke(arc(600, 780, 80, 10, 0.1, Math.PI - 0.1, 8), { w: 2.6 });
  s.hatch(
    [
      [640, 594],
      [702, 590],
      [680, 780],
      [630, 788],
    ],
    { angle: 75, gap: 7 },
  );
  const stem: Pt[] = [
    [600, 540],
    [590, 450],
    [608, 360],
    [596, 260],
    [604, 190],
  ];
  s.stroke(stem, { w: 2.6 });
  const leaves: [Pt, Pt, number][] = [
    [[593, 480], [470, 410], 30],
    [[596, 430], [730, 370], 32],
    [[603, 350], [480, 290], 28],
    [[598, 300], [700, 230], 26],
    [[603, 215], [560, 130], 18],
    [[604, 200], [660, 135], 18],
  ];
  for (const [i, [b, t, w]] of leaves.entries()) leaf(s, b, t, w, i % 2 === 1);
};

const notebook: Subject = (s, tone) => {
  if (tone)
    s.smudge(
      [
        [200, 700],
        [1000, 700],
        [1030, 760],
        [170, 760],
      ],
      0.2,
    );
  const L: Pt[] = [
    [190, 300],
    [590, 260],
    [600, 700],
    [170, 720],
  ];
  const R: Pt[] = [
    [610, 260],
    [1010, 290],
    [1030, 710],
    [600, 700],
  ];
  s.poly(L, { w: 2.8 });
  s.poly(R, { w: 2.8 });
  s.line([600, 255], [600, 705], { w: 3.2 });
  s.hatch(
    [
      [580, 262],
      [620, 262],
      [620, 700],
      [580, 700],
    ],
    { angle: 90, gap: 6, opacity: 0.4 },
  );
  for (let i = 1; i < 11; i++) {
    const t = i / 11.5;
    s.line(lerp(L[0], L[3], t), lerp(L[1], L[2], t), { w: 0.9, passes: 1, opacity: 0.5 });
    s.line(lerp(R[0], R[3], t), lerp(R[1], R[2], t), { w: 0.9, passes: 1, opacity: 0.5 });
    if (i < 8)
      s.scribble(
        lerp(lerp(L[0], L[3], t), lerp(L[1], L[2], t), 0.06),
        lerp(lerp(L[0], L[3], t), lerp(L[1], L[2], t), i === 7 ? 0.5 : 0.92),
        { size: 6 },
      );
    if (i < 3)
      s.scribble(lerp(lerp(R[0], R[3], t), lerp(R[1], R[2], t), 0.06), lerp(lerp(R[0], R[3], t), lerp(R[1], R[2], t), 0.85), {
        size: 6,
      });
  }
  s.stroke(
    [
      [170, 722],
      [590, 712],
      [600, 720],
      [610, 712],
      [1032, 716],
    ],
    { w: 2 },
  );
};

const hourglass: Subject = (s, tone) => {
  const [cx] = [600];
  if (tone) s.smudge(arc(cx + 30, 800, 240, 24, 0, TAU, 16), 0.25);
  s.rect(420, 130, 360, 34, { w: 3 });
  s.rect(420, 736, 360, 34, { w: 3 });
  s.hatch(
    [
      [420, 130],
      [780, 130],
      [780, 164],
      [420, 164],
    ],
    { angle: 20, gap: 6 },
  );
  s.hatch(
    [
      [420, 736],
      [780, 736],
      [780, 770],
      [420, 770],
    ],
    { angle: 20, gap: 6 },
  );
  s.line([445, 164], [445, 736], { w: 3 });
  s.line([755, 164], [755, 736], { w: 3 });
  s.stroke(
    [
      [490, 164],
      [500, 300],
      [585, 440],
      [585, 460],
      [500, 600],
      [490, 736],
    ],
    { w: 2.8 },
  );
  s.stroke(
    [
      [710, 164],
      [700, 300],
      [615, 440],
      [615, 460],
      [700, 600],
      [710, 736],
    ],
    { w: 2.8 },
  );
  s.hatch(
    [
      [540, 350],
      [660, 350],
      [600, 445],
    ],
    { angle: 0, gap: 5, opacity: 0.7 },
  );
  s.hatch(
    [
      [520, 736],
      [680, 736],
      [650, 650],
      [600, 610],
      [550, 650],
    ],
    { angle: 0, gap: 5, opacity: 0.7 },
  );
  s.line([600, 450], [600, 620], { w: 1.2, passes: 1 });
  ground(s, 772, arc(cx + 30, 790, 230, 18, 0, TAU, 16), false);
};

const envelope: Subject = (s, tone) => {
  const [x, y, w, h] = [300, 260, 600, 400];
  if (tone)
    s.smudge(
      [
        [x + 20, y + h],
        [x + w + 30, y + h],
        [x + w + 30, y + h + 30],
        [x + 30, y + h + 30],
      ],
      0.25,
    );
  s.rect(x, y, w, h, { w: 3 });
  s.stroke(
    [
      [x, y],
      [x + w / 2, y + 230],
      [x + w, y],
    ],
    { w: 2.8 },
  );
  s.line([x, y + h], [x + 240, y + 190], { w: 2 });
  s.line([x + w, y + h], [x + w - 240, y + 190], { w: 2 });
  s.rect(x + w - 120, y + 30, 80, 95, { w: 2 });
  s.hatch(
    [
      [x + w - 112, y + 38],
      [x + w - 48, y + 38],
      [x + w - 48, y + 117],
      [x + w - 112, y + 117],
    ],
    { angle: 45, gap: 6 },
  );
  s.hatch(
    [
      [x, y + h],
      [x + 240, y + 190],
      [x + w - 240, y + 190],
      [x + w, y + h],
    ],
    { angle: 70, gap: 10, opacity: 0.3 },
  );
  for (let i = 0; i < 3; i++) s.stroke(arc(x + w + 80, y + 200, 40 + i * 35, 60 + i * 40, -0.6, 0.6, 8), { w: 2, passes: 1 });
};

const signpost: Subject = (s, tone) => {
  if (tone)
    s.smudge(
      [
        [560, 790],
        [660, 790],
        [800, 830],
        [520, 830],
      ],
      0.25,
    );
  s.line([590, 180], [592, 800], { w: 4 });
  s.line([620, 180], [618, 800], { w: 4 });
  s.hatch(
    [
      [604, 180],
      [620, 180],
      [618, 800],
      [606, 800],
    ],
    { angle: 80, gap: 5 },
  );
  const sign = (y: number, dir: number, len: number) => {
    const x0 = dir > 0 ? 570 : 640;
    const x1 = x0 + dir * len;
    s.poly(
      [
        [x0, y],
        [x1, y],
        [x1 + dir * 50, y + 40],
        [x1, y + 80],
        [x0, y + 80],
      ],
      { w: 3 },
    );
    s.scribble([Math.min(x0, x1) + 30, y + 42], [Math.max(x0, x1) - 30, y + 42], { size: 7 });
  };
  sign(200, 1, 300);
  sign(330, -1, 260);
  sign(460, 1, 220);
  s.line([150, 800], [1050, 796], { w: 2, passes: 1 });
  s.stroke(
    [
      [150, 860],
      [400, 830],
      [600, 815],
      [800, 830],
      [1050, 870],
    ],
    { w: 1.6, passes: 1 },
  );
};

const house: Subject = (s, tone) => {
  if (tone)
    s.smudge(
      [
        [380, 400],
        [820, 400],
        [820, 770],
        [380, 770],
      ],
      0.12,
    );
  s.rect(380, 400, 440, 370, { w: 3 });
  s.poly(
    [
      [350, 410],
      [600, 190],
      [850, 410],
    ],
    { w: 3.2 },
  );
  s.hatch(
    [
      [350, 410],
      [600, 190],
      [850, 410],
    ],
    { angle: 30, gap: 10, opacity: 0.45 },
  );
  s.rect(700, 230, 50, 100, { w: 2.6 });
  s.rect(560, 600, 90, 170, { w: 2.6 });
  s.ellipse(635, 690, 6, 6, { w: 2.6 });
  for (const wx of [420, 690]) {
    s.rect(wx, 470, 90, 80, { w: 2.4 });
    s.line([wx + 45, 470], [wx + 45, 550], { w: 1.8 });
    s.line([wx, 510], [wx + 90, 510], { w: 1.8 });
  }
  const smoke: Pt[] = [];
  for (let i = 0; i < 10; i++) smoke.push([725 + Math.sin(i) * 20 + i * 12, 215 - i * 18]);
  s.stroke(smoke, { w: 1.6, passes: 1, opacity: 0.6 });
  ground(
    s,
    772,
    [
      [380, 772],
      [820, 772],
      [900, 810],
      [420, 810],
    ],
    false,
  );
};

export const subjects: Record<string, Subject> = {
  clock,
  lightbulb,
  pages,
  chair,
  desk,
  bookshelf,
  calendar,
  door,
  cup,
  mountain,
  ladder,
  pencil,
  window,
  plant,
  notebook,
  hourglass,
  envelope,
  signpost,
  house,
};

export type SubjectName = keyof typeof subjects;

export interface DrawOptions {
  width: number;
  height: number;
  format: 'png' | 'jpeg';
  /** Defaults to a seed derived from the subject name. */
  seed?: number;
  /** JPEG quality, 85 unless set. */
  quality?: number;
  paper?: PaperOptions;
  /** Faster, larger PNGs (see RenderOptions.fast). */
  fast?: boolean;
}

/** The SVG source of one subject: cheap to build, and a fine cache key for its raster. */
export function sketchSvg(subject: string, o: DrawOptions): string {
  const draw = subjects[subject];
  if (!draw) throw new Error(`unknown sketch subject "${subject}"; known: ${Object.keys(subjects).join(', ')}`);
  const s = new Sketch(o.seed ?? seedOf(subject));
  const tone = o.format === 'jpeg';
  draw(s, tone);
  return s.svg(o.width, o.height, { grain: tone ? 0.18 : 0, ...o.paper });
}

/** Draw one subject and rasterise it: same arguments, same bytes. */
export async function drawSketch(subject: string, o: DrawOptions): Promise<Buffer> {
  return rasterise(sketchSvg(subject, o), {
    width: o.width,
    height: o.height,
    format: o.format,
    quality: o.quality,
    fast: o.fast,
  });
}
