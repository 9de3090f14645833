#!/usr/bin/env python3
"""Renders a terminal capture (tmux capture-pane -e -p: text with SGR escape codes) as an SVG
picture of the terminal: one cell per character, the 16 ANSI colours, 256-colour and true-colour
codes, bold, dim, italic, underline and reverse. Standard library only.

Usage: screenshot_svg.py CAPTURE.txt OUT.svg [COLUMNS ROWS]
"""

import html
import re
import sys
import unicodedata

CELL_W, CELL_H, PAD = 9, 18, 12
FG, BG = "#d8dee9", "#1d2129"
BASE = [
    "#3b4252", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#d8dee9",
    "#636d83", "#ff7a85", "#b5e890", "#ffd68a", "#82c4ff", "#e09cff", "#7fd6e0", "#ffffff",
]


def color256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (level, level, level)


class Pen:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None
        self.bold = self.dim = self.italic = self.underline = self.reverse = False

    def key(self):
        return (self.fg, self.bg, self.bold, self.dim, self.italic, self.underline, self.reverse)

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 3:
                self.italic = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 23:
                self.italic = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = BASE[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASE[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = BASE[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASE[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    value = color256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    value = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    value = None
                if c == 38:
                    self.fg = value
                else:
                    self.bg = value
            i += 1


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def cells(line, pen):
    """The line's characters, each with its style and width in cells."""
    out = []
    pos = 0
    for match in SGR.finditer(line):
        out.extend(chars(line[pos:match.start()], pen))
        pen.apply(match.group(1))
        pos = match.end()
    out.extend(chars(line[pos:], pen))
    return out


def chars(text, pen):
    for ch in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text):
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        yield ch, pen.key(), width


def render(capture, columns, rows):
    pen = Pen()
    lines = capture.split("\n")[:rows]
    width, height = columns * CELL_W + 2 * PAD, rows * CELL_H + 2 * PAD
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
        f'font-size="15">',
        f'<rect width="{width}" height="{height}" rx="8" fill="{BG}"/>',
    ]
    for row, line in enumerate(lines):
        col = 0
        y = PAD + row * CELL_H
        runs = []
        for ch, key, w in cells(line, pen):
            if runs and runs[-1][1] == key:
                runs[-1][0].append(ch)
                runs[-1][3] += w
            else:
                runs.append([[ch], key, col, w])
            col += w
        for text, key, start, w in runs:
            fg, bg, bold, dim, italic, underline, reverse = key
            fg, bg = fg or FG, bg
            if reverse:
                fg, bg = (bg or BG), fg
            x = PAD + start * CELL_W
            if bg:
                out.append(f'<rect x="{x}" y="{y}" width="{w * CELL_W}" height="{CELL_H}" fill="{bg}"/>')
            content = "".join(text)
            if not content.strip():
                continue
            attrs = [f'x="{x}"', f'y="{y + CELL_H - 5}"', f'fill="{fg}"', 'xml:space="preserve"',
                     f'textLength="{w * CELL_W}"', 'lengthAdjust="spacingAndGlyphs"']
            if bold:
                attrs.append('font-weight="bold"')
            if dim:
                attrs.append('opacity="0.6"')
            if italic:
                attrs.append('font-style="italic"')
            if underline:
                attrs.append('text-decoration="underline"')
            out.append(f'<text {" ".join(attrs)}>{html.escape(content)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    columns, rows = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) == 5 else (100, 30)
    with open(sys.argv[1], encoding="utf-8") as f:
        capture = f.read()
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(render(capture, columns, rows))


if __name__ == "__main__":
    main()
