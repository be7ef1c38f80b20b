#!/usr/bin/env python3
"""Deterministic synthetic corpus of text web captures for benchmarking dechrome.

    python3 bench/gen_corpus.py OUT_DIR [--mb 120] [--seed 1] [--hosts 60]

Writes OUT_DIR/<host>/<name>.txt. Every word, name, host and sentence is made
up here from syllables and a small list of common English words; nothing is
copied from real pages. Each capture is article prose (blank-line separated
paragraphs, curly quotes, apostrophes, em dashes, accented letters, no-break
spaces) with site chrome mixed in the way real scrapes have it: date banners,
glued breadcrumbs, titles, bylines, ad markers, share buttons, embedded
tweets, "Source link", copyright lines, cookie notices, per-host menus and
footers repeated on every page of the host, and "Most Popular" / "Related
Articles" / "Recent Comments" tails with lists of headlines.

Same --mb/--seed/--hosts => byte-identical output. Python 3.11 stdlib only.
MB here means 10**6 bytes; generation stops at the first file that makes the
total reach --mb.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import sys
import time

MB = 1_000_000
GEN_VERSION = 1  # bump when the output format changes (run.py also hashes this file)

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

COMMON = """
the of and to a in is that for it as was with on be by at this from have are or
an they which one had not but what all were when we there can been has more if
will so who would no out up about into than them only other its time new some
could these two may first then do any like my now over such our even most made
after also did many before must through back years where much your way well down
should because each just those people how too little state good very make world
still own see work long get here between both life being under never day same
another know while last might us great old year off come since against go came
right used take three told said says added noted argued warned believed expected
city council board plan report week month morning evening night today yesterday
local national public private officials residents workers families children
school schools hospital market markets price prices cost costs money budget tax
water road roads bridge river coast island valley north south east west central
company companies group groups team teams player players season game games match
police court judge law laws rule rules bill vote votes voters election campaign
leader leaders member members minister ministers government agency office offices
data study studies research science health care doctor doctors patient patients
energy power fuel climate weather storm rain heat summer winter spring autumn
music film show book books art artist artists story stories news media online
phone phones app apps software system systems network service services users
home house houses building buildings street streets area areas region country
village town towns park parks field fields farm farms food meal dinner kitchen
small large big high low early late young older major minor recent several
nearly almost around about during without within across along among behind
however although though instead meanwhile later already again often never always
likely unlikely possible important difficult simple clear open closed free full
first second third final next previous former current future general special
support change changes growth plan plans project projects decision decisions
question questions answer answers problem problems issue issues point points
part parts place places case cases fact facts number numbers group level levels
began begin begins started start starts ended end ends moved move moves turned
helped help helps showed show shows called call calls asked ask asks found find
kept keep keeps left leave leaves brought bring brings held hold holds wrote
write writes read reads ran run runs paid pay pays sent send sends built build
spent spend spends grew grow grows lost lose loses won win wins met meet meets
""".split()

ACCENTED = [
    "café", "naïve", "résumé", "über", "façade", "déjà", "fiancée", "piñata",
    "jalapeño", "crème", "doppelgänger", "smörgåsbord", "entrée", "soirée",
    "protégé", "coöperative", "señora", "Zürich", "São", "Müller", "Gödel",
    "Ångström", "Île", "Bogotá", "Kraków", "Malmö", "Düsseldorf", "Orléans",
]

ONSETS = ["b", "br", "c", "ch", "cl", "cr", "d", "dr", "f", "fl", "fr", "g",
          "gl", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "pr", "qu", "r",
          "s", "sc", "sh", "sk", "sl", "sn", "sp", "st", "str", "t", "th", "tr",
          "v", "w", "wh", "z", "", "", ""]
NUCLEI = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ee", "io",
          "ou", "oa", "y", "ie", "au"]
CODAS = ["", "", "", "", "", "", "n", "n", "r", "s", "n", "r", "l", "s", "t", "m", "nd", "nt", "st", "rk", "ck",
         "ng", "x", "sh", "th", "ld", "mp", "ss", "ll"]
ACCENT_MAP = {"e": "é", "u": "ü", "o": "ö", "a": "á", "n": "ñ", "i": "ï"}

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MONTHS_ABBR = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug",
               "Sept", "Oct", "Nov", "Dec"]

SECTIONS = ["News", "World", "Politics", "Business", "Tech", "Technology",
            "Sports", "Entertainment", "Opinion", "Health", "Science",
            "Lifestyle", "Culture", "Local", "Money", "Travel", "Food",
            "Celebrity", "US", "Europe", "Economy", "Markets", "Weather"]
HOST_KINDS = ["news", "daily", "times", "post", "herald", "report", "journal",
              "gazette", "tribune", "wire", "dispatch", "chronicle", "blog",
              "observer", "ledger", "digest", "insider", "today", "hub"]
TLDS = ["com", "com", "com", "net", "org", "co.uk", "news", "info", "com.au",
        "de", "fr", "io"]


def made_up_word(rng: random.Random, syllables: int) -> str:
    parts = []
    for _ in range(syllables):
        parts.append(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS))
    w = "".join(parts)
    if len(w) < 2:
        w += rng.choice(NUCLEI) + "n"
    return w


def build_vocabulary(rng: random.Random, n_made_up: int = 2800):
    seen = set(COMMON)
    made = []
    while len(made) < n_made_up:
        w = made_up_word(rng, rng.choice((1, 1, 1, 2, 2, 2, 2, 3)))
        if w in seen or len(w) > 11:
            continue
        if rng.random() < 0.03:  # sprinkle non-ASCII letters into some made-up words
            i = rng.randrange(len(w))
            if w[i] in ACCENT_MAP:
                w = w[:i] + ACCENT_MAP[w[i]] + w[i + 1:]
        seen.add(w)
        made.append(w)
    words = list(COMMON) + made + [a.lower() for a in ACCENTED[:16]]
    # Zipf-like weights: common function words first, then made-up words.
    cum = []
    total = 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 8) ** 0.95
        cum.append(total)
    return words, cum


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def make_name(rng: random.Random) -> str:
    first = cap(made_up_word(rng, rng.choice((1, 2, 2))))[:9]
    last = cap(made_up_word(rng, rng.choice((1, 2, 2, 3))))[:11]
    if rng.random() < 0.05:
        last = rng.choice(["Müller", "Ferré", "Núñez", "Løvgren", "Öztürk",
                           "Dvořák", "Ríos", "Béranger"])
    if rng.random() < 0.06:
        return f"{first} {cap(made_up_word(rng, 1))[:1]}. {last}"
    return f"{first} {last}"


class Pools:
    """Precomputed pools so the per-file loop only picks and joins."""

    def __init__(self, rng: random.Random):
        self.words, self.cum = build_vocabulary(rng)
        self.names = [make_name(rng) for _ in range(1500)]
        self.places = [cap(made_up_word(rng, rng.choice((2, 3)))) for _ in range(400)]
        self.places += ACCENTED[16:]
        self.orgs = [f"{cap(made_up_word(rng, 2))} {rng.choice(['Institute', 'Group', 'Council', 'Foundation', 'Partners', 'Agency', 'Union', 'Labs', 'Holdings', 'Association'])}"
                     for _ in range(300)]
        self.sentences = [self._sentence(rng) for _ in range(60000)]
        self.short_lines = [self._subhead(rng) for _ in range(3000)]
        self.titles = [self._title(rng) for _ in range(20000)]
        self.comments = [self._comment(rng) for _ in range(4000)]

    # -- pieces ---------------------------------------------------------
    def _words(self, rng, k):
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def _number(self, rng) -> str:
        r = rng.random()
        if r < 0.2:
            return f"{rng.randint(2, 98)}%"
        if r < 0.35:
            return f"${rng.randint(1, 900)}.{rng.randint(1, 9)}\u00a0million"
        if r < 0.5:
            return f"{rng.randint(2, 500)}\u00a0{rng.choice(['km', 'kg', 'miles', 'acres', 'tonnes', 'hours'])}"
        if r < 0.65:
            return f"{rng.randint(1, 9)},{rng.randint(100, 999)}"
        if r < 0.8:
            return str(rng.randint(1950, 2023))
        return str(rng.randint(2, 60))

    def _clause(self, rng, lo, hi) -> list[str]:
        ws = self._words(rng, rng.randint(lo, hi))
        for i in range(len(ws)):
            r = rng.random()
            if r < 0.035:
                ws[i] = rng.choice(self.places)
            elif r < 0.05:
                ws[i] = self._number(rng)
            elif r < 0.065 and len(ws[i]) > 3:
                ws[i] = ws[i] + "’s"
            elif r < 0.07:
                ws[i] = rng.choice(self.orgs)
        return ws

    def _plain(self, rng) -> str:
        ws = self._clause(rng, 5, 24)
        n = len(ws)
        if n > 9 and rng.random() < 0.5:
            j = rng.randint(3, n - 3)
            ws[j] = ws[j] + ","
        if n > 12 and rng.random() < 0.12:
            j = rng.randint(4, n - 4)
            ws[j] = ws[j] + " —"
        if rng.random() < 0.04:
            j = rng.randint(1, n - 1)
            ws[j] = "(" + ws[j]
            ws[min(n - 1, j + rng.randint(0, 3))] += ")"
        return cap(" ".join(ws))

    def _sentence(self, rng) -> str:
        r = rng.random()
        end = rng.choices([".", "?", "!", "…", ";"], weights=[90, 5, 3, 1, 1])[0]
        if r < 0.10:  # quoted speech, curly quotes
            q = self._plain(rng)
            who = rng.choice(self.names)
            verb = rng.choice(["said", "told reporters", "wrote", "added", "explained", "recalled"])
            if rng.random() < 0.5:
                return f"“{q},” {who} {verb}."
            return f"{who} {verb}, “{q}.”"
        if r < 0.13:  # inline scare quote
            ws = self._clause(rng, 3, 8)
            inner = " ".join(self._words(rng, rng.randint(1, 4)))
            return cap(" ".join(ws)) + f" “{inner}” " + " ".join(self._clause(rng, 2, 8)) + end
        if r < 0.16:  # single quotes / apostrophes, straight and curly
            ws = self._clause(rng, 4, 14)
            return cap(" ".join(ws)) + f", ‘{rng.choice(self.words)}’ " + rng.choice(["isn’t", "doesn't", "won’t", "can't", "it’s"]) + " " + " ".join(self._clause(rng, 2, 6)) + end
        if r < 0.18:  # date inside prose
            m = rng.randrange(12)
            return cap(" ".join(self._clause(rng, 4, 12))) + f" on {MONTHS[m]} {rng.randint(1, 28)}, {rng.choice([2021, 2022, 2023])}" + end
        return self._plain(rng) + end

    def _subhead(self, rng) -> str:
        ws = self._words(rng, rng.randint(2, 7))
        return cap(" ".join(ws))

    def _title(self, rng) -> str:
        ws = self._clause(rng, 4, 12)
        t = " ".join(cap(w) if (len(w) > 3 or i == 0) else w for i, w in enumerate(ws))
        r = rng.random()
        if r < 0.12:
            t = rng.choice(self.names) + " " + t
        elif r < 0.2:
            k = t.find(" ", 10)
            if k > 0:
                t = t[:k] + ":" + t[k:]
        elif r < 0.25:
            t += "?"
        return t

    def _comment(self, rng) -> str:
        return f"{rng.choice(self.names)} on {rng.choice(self.titles)}"

    # -- per-file helpers ------------------------------------------------
    def paragraph(self, rng) -> str:
        k = rng.choices((1, 2, 3, 4, 5, 6, 7), weights=(6, 14, 22, 22, 16, 10, 5))[0]
        return " ".join(rng.choices(self.sentences, k=k))


# --------------------------------------------------------------------------
# Hosts
# --------------------------------------------------------------------------

def fmt_weekday_date(d: dt.date) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"


def fmt_short_date(d: dt.date) -> str:
    return f"{MONTHS_ABBR[d.month - 1]} {d.day} {d.year}"


class Host:
    def __init__(self, rng: random.Random, pools: Pools, idx: int, used: set):
        while True:
            adj = made_up_word(rng, rng.choice((1, 2, 2)))
            kind = rng.choice(HOST_KINDS)
            prefix = rng.choice(["www.", "www.", "www.", "", "news.", "m."])
            sep = rng.choice(["-", "-", ""])
            num = f"{sep}{rng.randint(1, 99)}" if rng.random() < 0.5 else ""
            name = f"{prefix}{adj}{sep}{kind}{num}.{rng.choice(TLDS)}"
            if rng.random() < 0.15:
                name = f"www.example-{kind}-{idx}.com"
            if name not in used:
                used.add(name)
                break
        self.name = name
        self.site = f"{cap(adj)} {cap(kind)}" + (f" {num.lstrip('-')}" if num and rng.random() < 0.3 else "")
        self.weight = math.exp(rng.gauss(0, 0.9))          # share of corpus
        self.median = rng.choice([3000, 4500, 6000, 7000, 8000, 10000, 14000])
        self.crlf = rng.random() < 0.07
        self.banner = rng.choices(["weekday", "loading", "short", None], weights=[30, 15, 10, 45])[0]
        self.breadcrumbs = rng.random() < 0.4
        self.sections = rng.sample(SECTIONS, rng.randint(4, 9))
        menu = ["Home"] + self.sections + rng.sample(["Video", "Podcasts", "Newsletters", "Subscribe", "Sign In", "Log In", "Contact", "Search", "Menu"], rng.randint(1, 4))
        style = rng.choice(["lines", "glued", "pipes", "none", "none"])
        if style == "lines":
            self.menu = menu
        elif style == "glued":
            self.menu = ["".join(menu)]
        elif style == "pipes":
            self.menu = [" | ".join(menu)]
        else:
            self.menu = []
        year = rng.choice([2023, 2023, 2022])
        self.copyright = rng.choice([
            f"© {year} {self.site}. All rights reserved.",
            f"Copyright © {year} {self.site}. All Rights Reserved.",
            f"© Copyright {self.site} {year}",
            f"(c) {year} {self.site} Media Group, Inc.",
            f"© {year} {self.site} | Powered by {cap(made_up_word(rng, 2))}Press",
        ]) if rng.random() < 0.8 else None
        footer = rng.sample(["About Us", "Contact Us", "Privacy Policy", "Terms of Use",
                             "Terms of Service", "Advertise With Us", "Careers",
                             "Cookie Policy", "Accessibility", "Sitemap", "Corrections",
                             "Do Not Sell My Personal Information", "RSS"], rng.randint(0, 7))
        if rng.random() < 0.4:
            footer.append(rng.choice(["Follow us on Facebook, Twitter and Instagram",
                                      "Follow Us", f"Subscribe to the {self.site} newsletter",
                                      "Download our app", "Sign up for our daily briefing"]))
        self.footer = footer
        self.about = (f"I’m {pools.names[rng.randrange(len(pools.names))].split()[0]}, the editor behind {self.site}. "
                      + " ".join(rng.choices(pools.sentences, k=rng.randint(2, 4)))) if rng.random() < 0.25 else None
        self.ad = rng.choice(["Advertisement", "- Advertisment -", "ADVERTISEMENT",
                              "Story continues below advertisement", "Advertisement - Scroll to continue",
                              "- Advertisement -", "AD"]) if rng.random() < 0.7 else None
        self.ad_rate = rng.choice([0.05, 0.1, 0.15, 0.25])
        self.share = rng.random() < 0.5
        self.share_lines = rng.sample(["Share on Facebook", "Share on Twitter", "Share on X",
                                       "Share on LinkedIn", "Share on WhatsApp", "Share via Email",
                                       "Tweet", "Pin", "Share", "Copy link"], rng.randint(1, 4))
        self.source_link = rng.random() < 0.3
        self.cookie = rng.choice([
            "We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies. Accept",
            "This website uses cookies to ensure you get the best experience. Learn more Got it!",
            "By using this site you consent to our Cookie Policy and Privacy Policy. Manage preferences Accept all",
            "Cookies help us deliver our services. We and our partners store and access information on your device. Reject All Accept All",
            f"{self.site} uses cookies for analytics and personalised ads. Cookie settings OK",
        ]) if rng.random() < 0.45 else None
        self.cookie_top = rng.random() < 0.5
        self.tails = [t for t in ["Most Popular", "Related Articles", "Recent Comments",
                                   "Related Posts", "You May Also Like", "Trending Now",
                                   "More from " + self.site] if rng.random() < 0.3]
        self.byline = rng.choice(["by", "by_and", "by_pipe", "written", "name_only", None])
        self.authors = rng.sample(pools.names, rng.randint(2, 14))
        self.tweets = rng.random() < 0.35
        self.fname = rng.choice(["slug", "hash", "id", "slug"])
        self.dateline = rng.random() < 0.3
        self.trailing_ws = rng.random() < 0.1


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------

def tweet_line(rng: random.Random, pools: Pools, d: dt.date) -> str:
    s = rng.choice(pools.sentences).rstrip(".?!…;")
    code = "".join(rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=10))
    who = rng.choice(pools.names)
    handle = "".join(ch for ch in who.split()[-1] if ch.isascii() and ch.isalpha()) + str(rng.randint(1, 999))
    tco = ""
    if rng.random() < 0.5:
        tco = " https://t.co/" + "".join(rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=10))
    return f"{s}{tco} pic.twitter.com/{code} — {who} (@{handle}) {MONTHS[d.month - 1]} {d.day}, {d.year}"


def headline_list(rng: random.Random, pools: Pools, n: int) -> list[str]:
    return rng.sample(pools.titles, n)


def make_page(rng: random.Random, pools: Pools, h: Host, target: int, d: dt.date, title: str) -> str:
    top: list[str] = []      # blocks; each block is one or more lines
    bottom: list[str] = []

    if h.banner == "weekday":
        top.append(fmt_weekday_date(d))
    elif h.banner == "loading":
        top.append(f" date {d.isoformat()} LOADING ERROR LOADING\n")
    elif h.banner == "short":
        top.append(fmt_short_date(d))
    if h.menu:
        top.append("\n".join(h.menu))
    if h.cookie and h.cookie_top and rng.random() < 0.8:
        top.append(h.cookie)
    section = rng.choice(h.sections)
    if h.breadcrumbs:
        top.append("Home" + section + title)
    top.append(title)
    if h.byline and rng.random() < 0.85:
        a = rng.choice(h.authors)
        if h.byline == "by":
            top.append(f"By {a}")
        elif h.byline == "by_and":
            top.append(f"By {a} and {rng.choice(h.authors)}" if rng.random() < 0.4 else f"By {a}")
        elif h.byline == "by_pipe":
            top.append(f"BY {a.upper()} | {rng.choice(['Staff Writer', 'Reporter', 'Contributor', 'Senior Editor'])}")
        elif h.byline == "written":
            top.append(f"Written by {a}")
        else:
            top.append(f"{a}\n{h.site}\n{fmt_short_date(d)}")
    if h.dateline and rng.random() < 0.8:
        top.append(rng.choice([f"Published {MONTHS[d.month - 1]} {d.day}, {d.year}",
                               f"Updated: {d.isoformat()} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                               f"{MONTHS[d.month - 1]} {d.day}, {d.year} {rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm ET"]))
    if h.share and rng.random() < 0.6:
        top.append("\n".join(h.share_lines))

    if h.share and rng.random() < 0.5:
        bottom.append("\n".join(h.share_lines))
    if h.source_link:
        bottom.append("Source link")
    if h.about:
        bottom.append(h.about)
    if h.ad and rng.random() < 0.5:
        bottom.append(h.ad)
    for t in h.tails:
        if rng.random() < 0.8:
            if t == "Recent Comments":
                bottom.append(t + "\n" + "\n".join(rng.sample(pools.comments, rng.randint(0, 5))))
            else:
                bottom.append(t + "\n" + "\n".join(headline_list(rng, pools, rng.randint(3, 10))))
    if h.copyright:
        bottom.append(h.copyright)
    if h.footer:
        bottom.append("\n".join(h.footer))
    if h.cookie and not h.cookie_top and rng.random() < 0.8:
        bottom.append(h.cookie)

    chrome_len = sum(len(b) + 2 for b in top) + sum(len(b) + 2 for b in bottom)
    body: list[str] = []
    size = 0
    budget = max(200, target - chrome_len)
    sub_rate = 0.05 if rng.random() < 0.5 else 0.0
    tweet_rate = 0.03 if h.tweets else 0.0
    while size < budget:
        r = rng.random()
        if body and r < sub_rate:
            blk = rng.choice(pools.short_lines)
        elif body and r < sub_rate + tweet_rate:
            blk = tweet_line(rng, pools, d)
        elif body and h.ad and r < sub_rate + tweet_rate + h.ad_rate:
            blk = h.ad
        else:
            blk = pools.paragraph(rng)
        body.append(blk)
        size += len(blk) + 2

    text = "\n\n".join(top + body + bottom) + "\n"
    if h.trailing_ws:
        text = text.replace(".\n", ". \n")
    if h.crlf:
        text = text.replace("\n", "\r\n")
    return text


def tiny_page(rng: random.Random, pools: Pools, h: Host, d: dt.date) -> str:
    """Error / paywall / empty captures: mostly chrome, ~1 KB."""
    parts = []
    if h.menu:
        parts.append("\n".join(h.menu))
    parts.append(rng.choice([f" date {d.isoformat()} LOADING ERROR LOADING",
                             "Access Denied", "Subscribe to continue reading",
                             "Page not found", "JavaScript is required to view this page."]))
    parts.append(" ".join(rng.choices(pools.sentences, k=rng.randint(2, 5))))
    if h.copyright:
        parts.append(h.copyright)
    if h.footer:
        parts.append("\n".join(h.footer))
    parts.append("Most Popular\n" + "\n".join(headline_list(rng, pools, 5)))
    return "\n\n".join(parts) + "\n"


def slugify(t: str) -> str:
    out = []
    for ch in t.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:70] or "page"


def file_size(rng: random.Random, h: Host) -> int:
    r = rng.random()
    if r < 0.015:
        return rng.randint(40_000, 200_000)
    s = int(math.exp(rng.gauss(math.log(h.median), 0.75)))
    return max(1_000, min(200_000, s))


def generate(out_dir: str, mb: float, seed: int, n_hosts: int, verbose: bool = True) -> dict:
    t0 = time.perf_counter()
    rng = random.Random(seed)
    pools = Pools(random.Random(seed * 7919 + 1))
    used: set = set()
    hosts = [Host(rng, pools, i, used) for i in range(n_hosts)]
    cum = []
    acc = 0.0
    for h in hosts:
        acc += h.weight
        cum.append(acc)
    names_used = {h.name: set() for h in hosts}
    counters = {h.name: 0 for h in hosts}

    os.makedirs(out_dir, exist_ok=True)
    if os.listdir(out_dir):
        raise SystemExit(f"gen_corpus: {out_dir} is not empty")
    for h in hosts:
        os.mkdir(os.path.join(out_dir, h.name))

    goal = int(mb * MB)
    total = 0
    files = 0
    start_day = dt.date(2023, 1, 1)
    while total < goal:
        h = rng.choices(hosts, cum_weights=cum)[0]
        d = start_day + dt.timedelta(days=rng.randrange(300))
        title = rng.choice(pools.titles)
        if rng.random() < 0.01:
            text = tiny_page(rng, pools, h, d)
        else:
            text = make_page(rng, pools, h, file_size(rng, h), d, title)
        counters[h.name] += 1
        n = counters[h.name]
        if h.fname == "slug":
            base = slugify(title)
            name = base
            k = 2
            while name in names_used[h.name]:
                name = f"{base}-{k}"
                k += 1
        elif h.fname == "hash":
            name = f"{n:03d}_{rng.getrandbits(64):016x}"
        else:
            name = f"article-{rng.randint(100000, 999999)}-{n}"
        names_used[h.name].add(name)
        data = text.encode("utf-8")
        with open(os.path.join(out_dir, h.name, name + ".txt"), "wb") as f:
            f.write(data)
        total += len(data)
        files += 1

    # Hosts that drew no files keep an empty dir; drop them so every host dir has pages.
    for h in hosts:
        if counters[h.name] == 0:
            os.rmdir(os.path.join(out_dir, h.name))
    info = {"dir": out_dir, "bytes": total, "mb": total / MB, "files": files,
            "hosts": sum(1 for h in hosts if counters[h.name]), "seed": seed,
            "seconds": time.perf_counter() - t0}
    if verbose:
        print(f"gen_corpus: wrote {files} files, {total / MB:.1f} MB, {info['hosts']} hosts "
              f"in {info['seconds']:.1f}s -> {out_dir}", file=sys.stderr)
    return info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--mb", type=float, default=120, help="target size in MB (10^6 bytes), default 120")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hosts", type=int, default=60)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    generate(a.out_dir, a.mb, a.seed, a.hosts, verbose=not a.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
