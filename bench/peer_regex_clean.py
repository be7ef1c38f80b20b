#!/usr/bin/env python3
"""Baseline peer: the regex clean-up script people write before reaching for a tool.

    python3 bench/peer_regex_clean.py INPUT_DIR OUT_DIR

Walks INPUT_DIR, and for every *.txt file: cuts everything from the first
"Most Popular" / "Related Articles" / "Recent Comments" style marker line on,
drops lines matching a dozen chrome regexes, squeezes runs of blank lines, and
writes the result to OUT_DIR/<same relative path>. Single process, stdlib only.
Deliberately straightforward (one regex at a time per line): it is a speed and
memory reference point, not a quality one.
"""

import os
import re
import sys

CHROME = [
    # date banners: "Monday, October 2, 2023", " date 2023-09-09 LOADING ERROR LOADING", "Sept 9 2023"
    re.compile(r"^\s*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]+ \d{1,2}, \d{4}\s*$"),
    re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\b.*LOADING", re.I),
    re.compile(r"^\s*(Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]* \d{1,2},? \d{4}\s*$"),
    # glued breadcrumbs "HomeNewsSome Title" and menu lines
    re.compile(r"^Home(?=[A-Z])\S"),
    re.compile(r"^(Home|Menu|Search|Subscribe|Sign In|Log In|Video|Podcasts|Newsletters|Contact( Us)?|About Us|"
               r"Privacy Policy|Terms of (Use|Service)|Cookie Policy|Careers|Accessibility|Sitemap|RSS|"
               r"Advertise With Us|Corrections|Do Not Sell My Personal Information)\s*$"),
    # bylines and datelines
    re.compile(r"^(By|BY|Written by) [A-Z][^.!?]{2,80}$"),
    re.compile(r"^(Published|Updated:?) .*\d{4}"),
    # ads, share buttons, source link
    re.compile(r"^[-\s]*(Advertisement|Advertisment|ADVERTISEMENT|AD)\b.{0,30}$"),
    re.compile(r"^Story continues below advertisement", re.I),
    re.compile(r"^(Share on \w+|Share via Email|Share|Tweet|Pin|Copy link)\s*$"),
    re.compile(r"^Source link\s*$"),
    # copyright, cookie notices, follow/subscribe
    re.compile(r"^\s*(©|\(c\)|Copyright)", re.I),
    re.compile(r"\bcookies?\b.*\b(accept|agree|consent|got it|ok|settings|preferences)\b", re.I),
    re.compile(r"^(Follow us|Follow Us|Subscribe to|Sign up for|Download our app)"),
    # embedded tweets
    re.compile(r"pic\.twitter\.com/\w+|— .{1,60} \(@\w+\) [A-Z][a-z]+ \d{1,2}, \d{4}"),
]
TAIL = re.compile(r"^\s*(Most Popular|Related Articles|Recent Comments|Related Posts|You May Also Like|Trending Now)\s*$")


def clean(text: str) -> str:
    out = []
    blank = True
    for line in text.splitlines():
        if TAIL.match(line):
            break
        if any(rx.search(line) for rx in CHROME):
            continue
        if not line.strip():
            if blank:
                continue
            blank = True
            out.append("")
            continue
        blank = False
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, dst = argv[1], argv[2]
    n = 0
    for root, dirs, files in os.walk(src):
        dirs.sort()
        rel = os.path.relpath(root, src)
        odir = os.path.join(dst, rel) if rel != "." else dst
        os.makedirs(odir, exist_ok=True)
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            with open(os.path.join(odir, name), "w", encoding="utf-8") as f:
                f.write(clean(text))
            n += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
