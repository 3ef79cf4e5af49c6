#!/usr/bin/env python3
# A copy of the shared benchmark corpus generator (../shared/bench/gen_corpus.py),
# unchanged below this header, so the smoke run in .ci/run works on a machine
# that has only this repository. benches/bench.sh uses the shared original
# when it is there.
"""Deterministic synthetic-site generator for static-site-generator benchmarks.

Writes N "region" pages (Markdown + YAML front matter, ~1.5 KB each, Dutch-ish
prose) twice, once laid out for Hugo and once for Zola, with minimal but
equivalent templates:

    <out>/hugo/   config.toml, content/{_index.md, regions/_index.md, regions/*.md},
                  layouts/{index.html, 404.html, _default/{single,list,terms,term}.html}
    <out>/zola/   config.toml, content/{_index.md, regions/_index.md, regions/*.md},
                  templates/{index,section,page,taxonomy_list,taxonomy_single,404}.html
    <out>/draaiboek/content/{site.yaml, regions/<slug>/index.md, partners/*.md, themes/*.md}
                  in the content model of the project's DESIGN.md (same Markdown bodies;
                  partners, principles, agreements and lessons drawn from a second seeded
                  generator so the Hugo and Zola trees stay byte-identical to before)

Both sites render the same HTML pages: N region pages, 1 section list
(/regions/), 1 home page (10 newest regions), 1 taxonomy list (/themes/),
one page per used theme term (20 themes) and 404.html => N + 24 HTML files.
Feeds, sitemap and robots.txt are disabled in both.

The Markdown body of each page is byte-identical between the two layouts; only
the front matter differs where the tools demand it (Hugo: taxonomy and custom
fields at top level; Zola: under `taxonomies:` and `extra:`).

Usage: gen_corpus.py N [--out DIR] [--seed SEED]
       (default DIR: corpus-N next to this script, default SEED: 42)
Only the Python 3 standard library is used.
"""
import argparse
import datetime as dt
import os
import random
import shutil

THEMES = [
    "woningbouw", "energietransitie", "mobiliteit", "waterbeheer", "natuur",
    "landbouw", "zorg", "onderwijs", "cultuur", "economie", "toerisme",
    "veiligheid", "klimaatadaptatie", "stikstof", "arbeidsmarkt",
    "digitalisering", "leefbaarheid", "erfgoed", "sport", "bestuur",
]

PREFIXES = ["Noord", "Zuid", "Oost", "West", "Groot", "Klein", "Neder", "Over",
            "Hoog", "Laag", "Midden", "Oud", "Nieuw", "Sint", "Ter", ""]
ROOTS = ["veen", "wolde", "dijk", "dam", "horst", "brink", "stede", "hoven",
         "lo", "zande", "berg", "meer", "waard", "broek", "hem", "rode",
         "sloot", "kerk", "voorde", "heide", "wijk", "gouw", "land", "mond"]
STEMS = ["Aal", "Bern", "Cul", "Dron", "Eem", "Fries", "Gel", "Har", "Ijs",
         "Kam", "Lin", "Maas", "Nij", "Ool", "Put", "Ros", "Schaar", "Tiel",
         "Uit", "Vlie", "Wes", "Zwol", "Ber", "Dor", "Hel", "Mep", "Nun"]

WORDS = (
    "de het een van en in op met voor door naar bij over onder tussen na "
    "gemeente provincie regio bewoners woningen wijk dorp stad straat plein "
    "samenwerking afspraken plannen uitvoering ambitie doelen voortgang "
    "investering subsidie budget middelen ruimte grond kavels locaties "
    "bouwen renoveren verduurzamen isoleren aansluiten ontwikkelen versnellen "
    "duurzaam betaalbaar sociaal lokaal regionaal landelijk gezamenlijk "
    "nieuwe oude grote kleine snelle lange korte goede sterke brede "
    "energie warmte water groen natuur landschap bodem lucht klimaat "
    "bereikbaarheid fietspad spoor station bus haven weg knooppunt "
    "onderwijs zorg werk bedrijven ondernemers werkgelegenheid economie "
    "raad college wethouder gedeputeerde ambtenaren partners corporaties "
    "huurders eigenaren jongeren ouderen starters gezinnen inwoners "
    "jaar maand kwartaal periode fase traject programma project agenda "
    "wordt worden is zijn heeft hebben kan kunnen moet moeten blijft "
    "gaat komt zorgt vraagt biedt maakt zet houdt draagt werkt"
).split()

ITEMS = [
    "Versnellen van vergunningverlening", "Meer betaalbare huurwoningen",
    "Aanpak van netcongestie", "Herstructurering van oude wijken",
    "Verduurzaming van maatschappelijk vastgoed", "Flexwoningen voor starters",
    "Beter openbaar vervoer in kleine kernen", "Klimaatbestendige inrichting",
    "Behoud van cultureel erfgoed", "Ruimte voor bedrijventerreinen",
    "Groene schoolpleinen", "Transformatie van leegstaande kantoren",
    "Wonen met zorg voor ouderen", "Natuurinclusief bouwen",
    "Slimme laadinfrastructuur", "Waterberging in het buitengebied",
]

INDICATORS = ["Woningvoorraad", "Nieuwbouw per jaar", "Gemiddelde WOZ-waarde",
              "Aandeel sociale huur", "Bevolkingsgroei", "Energielabel A of beter",
              "Werkloosheid", "Groen per inwoner"]
TRENDS = ["stijgend", "dalend", "stabiel", "licht stijgend", "licht dalend"]


def sentence(rng, lo=8, hi=15):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def paragraph(rng, n_lo, n_hi):
    return " ".join(sentence(rng) for _ in range(rng.randint(n_lo, n_hi)))


def make_regions(n, rng):
    regions = []
    base = dt.date(2020, 1, 1)
    for i in range(n):
        name = rng.choice(PREFIXES) + rng.choice(STEMS).lower() + rng.choice(ROOTS)
        name = name[0].upper() + name[1:]
        regions.append({
            "i": i,
            "name": name,
            "slug": f"{name.lower()}-{i:05d}",
            "date": (base + dt.timedelta(days=rng.randrange(0, 4 * 365))).isoformat(),
            "themes": sorted(rng.sample(THEMES, rng.randint(2, 4))),
            "homes_per_year": rng.randrange(50, 5000),
            "signatories": rng.randrange(2, 40),
        })
    return regions


def make_body(reg, regions, rng):
    n = len(regions)
    others = []
    while len(others) < min(3, n - 1):
        j = rng.randrange(n)
        if j != reg["i"] and j not in others:
            others.append(j)
    rows = rng.sample(INDICATORS, 4)
    out = []
    out.append(paragraph(rng, 2, 3))
    out.append("")
    out.append("## Overzicht")
    out.append("")
    p = paragraph(rng, 3, 4)
    out.append(f"De regio **{reg['name']}** " + p[0].lower() + p[1:])
    out.append("")
    out.append("## Kerncijfers")
    out.append("")
    out.append("| Indicator | Waarde | Trend |")
    out.append("|---|---:|---|")
    for r in rows:
        out.append(f"| {r} | {rng.randrange(1, 100000):,}".replace(",", ".")
                   + f" | {rng.choice(TRENDS)} |")
    out.append("")
    out.append("## Aandachtspunten")
    out.append("")
    for it in rng.sample(ITEMS, 4):
        out.append(f"- {it}")
    out.append("")
    out.append("## Samenwerking")
    out.append("")
    out.append(paragraph(rng, 2, 2) + f" In totaal tekenden *{reg['signatories']}* partijen.")
    out.append("")
    out.append("## Zie ook")
    out.append("")
    for j in others:
        o = regions[j]
        out.append(f"- [Regio {o['name']}](/regions/{o['slug']}/)")
    out.append("")
    return "\n".join(out)


def yaml_list(xs):
    return "[" + ", ".join(xs) + "]"


def hugo_front(reg):
    return (
        "---\n"
        f"title: \"Regio {reg['name']}\"\n"
        f"date: {reg['date']}\n"
        f"themes: {yaml_list(reg['themes'])}\n"
        f"homes_per_year: {reg['homes_per_year']}\n"
        f"signatories: {reg['signatories']}\n"
        "---\n"
    )


def zola_front(reg):
    return (
        "---\n"
        f"title: \"Regio {reg['name']}\"\n"
        f"date: {reg['date']}\n"
        "taxonomies:\n"
        f"  themes: {yaml_list(reg['themes'])}\n"
        "extra:\n"
        f"  homes_per_year: {reg['homes_per_year']}\n"
        f"  signatories: {reg['signatories']}\n"
        "---\n"
    )


HEAD = ('<!DOCTYPE html>\n<html lang="nl">\n<head><meta charset="utf-8">'
        '<title>{title}</title></head>\n<body>\n'
        '<header><a href="{home}">{site}</a></header>\n<main>\n')
FOOT = '</main>\n</body>\n</html>\n'


def hugo_tpl(title, body):
    return HEAD.format(title=title, home='{{ .Site.BaseURL }}',
                       site='{{ .Site.Title }}') + body + FOOT


def zola_tpl(title, body):
    return HEAD.format(title=title, home='{{ config.base_url | safe }}/',
                       site='{{ config.title }}') + body + FOOT


HUGO_CONFIG = '''baseURL = "https://example.org/"
title = "Regio's"
languageCode = "nl"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
enableRobotsTXT = false

[taxonomies]
  theme = "themes"
'''

HUGO_LAYOUTS = {
    "_default/single.html": hugo_tpl(
        "{{ .Title }} | {{ .Site.Title }}",
        '<article>\n<h1>{{ .Title }}</h1>\n'
        '<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>\n'
        '<dl><dt>Woningen per jaar</dt><dd>{{ .Params.homes_per_year }}</dd>'
        '<dt>Ondertekenaars</dt><dd>{{ .Params.signatories }}</dd></dl>\n'
        '<ul class="themes">{{ range .GetTerms "themes" }}<li><a href="{{ .Permalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>\n'
        '{{ .Content }}\n</article>\n'),
    "_default/list.html": hugo_tpl(
        "{{ .Title }} | {{ .Site.Title }}",
        '<h1>{{ .Title }}</h1>\n<ul>\n{{ range .Pages }}'
        '<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>\n'
        '{{ end }}</ul>\n'),
    "_default/terms.html": hugo_tpl(
        "{{ .Title }} | {{ .Site.Title }}",
        '<h1>{{ .Title }}</h1>\n<ul>\n{{ range .Data.Terms.Alphabetical }}'
        '<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>\n'
        '{{ end }}</ul>\n'),
    "_default/term.html": hugo_tpl(
        "{{ .Title }} | {{ .Site.Title }}",
        '<h1>{{ .Title }}</h1>\n<ul>\n{{ range .Pages }}'
        '<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>\n'
        '{{ end }}</ul>\n'),
    "index.html": hugo_tpl(
        "{{ .Site.Title }}",
        '<h1>{{ .Site.Title }}</h1>\n<p><a href="{{ "regions/" | absURL }}">Alle regio\'s</a> - '
        '<a href="{{ "themes/" | absURL }}">Thema\'s</a></p>\n<ul>\n'
        '{{ range first 10 (where .Site.RegularPages "Section" "regions").ByDate.Reverse }}'
        '<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>\n'
        '{{ end }}</ul>\n'),
    "404.html": hugo_tpl("Niet gevonden | {{ .Site.Title }}",
                         '<h1>Pagina niet gevonden</h1>\n'),
}

ZOLA_CONFIG = '''base_url = "https://example.org"
title = "Regio's"
default_language = "nl"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
taxonomies = [ { name = "themes" } ]
'''

ZOLA_TEMPLATES = {
    "page.html": zola_tpl(
        "{{ page.title }} | {{ config.title }}",
        '<article>\n<h1>{{ page.title }}</h1>\n'
        '<p class="meta"><time datetime="{{ page.date | date(format="%Y-%m-%d") }}">{{ page.date | date(format="%Y-%m-%d") }}</time></p>\n'
        '<dl><dt>Woningen per jaar</dt><dd>{{ page.extra.homes_per_year }}</dd>'
        '<dt>Ondertekenaars</dt><dd>{{ page.extra.signatories }}</dd></dl>\n'
        '<ul class="themes">{% for t in page.taxonomies.themes %}<li><a href="{{ get_taxonomy_url(kind="themes", name=t) | safe }}">{{ t }}</a></li>{% endfor %}</ul>\n'
        '{{ page.content | safe }}\n</article>\n'),
    "section.html": zola_tpl(
        "{{ section.title }} | {{ config.title }}",
        '<h1>{{ section.title }}</h1>\n<ul>\n{% for p in section.pages %}'
        '<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time>{{ p.date | date(format="%Y-%m-%d") }}</time></li>\n'
        '{% endfor %}</ul>\n'),
    "taxonomy_list.html": zola_tpl(
        "{{ taxonomy.name }} | {{ config.title }}",
        '<h1>{{ taxonomy.name }}</h1>\n<ul>\n{% for term in terms %}'
        '<li><a href="{{ term.permalink | safe }}">{{ term.name }}</a> ({{ term.page_count }})</li>\n'
        '{% endfor %}</ul>\n'),
    "taxonomy_single.html": zola_tpl(
        "{{ term.name }} | {{ config.title }}",
        '<h1>{{ term.name }}</h1>\n<ul>\n{% for p in term.pages %}'
        '<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time>{{ p.date | date(format="%Y-%m-%d") }}</time></li>\n'
        '{% endfor %}</ul>\n'),
    "index.html": zola_tpl(
        "{{ config.title }}",
        '<h1>{{ config.title }}</h1>\n<p><a href="{{ get_url(path="@/regions/_index.md") | safe }}">Alle regio\'s</a> - '
        '<a href="{{ config.base_url | safe }}/themes/">Thema\'s</a></p>\n<ul>\n'
        '{% set regs = get_section(path="regions/_index.md") %}'
        '{% for p in regs.pages | slice(end=10) %}'
        '<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time>{{ p.date | date(format="%Y-%m-%d") }}</time></li>\n'
        '{% endfor %}</ul>\n'),
    "404.html": zola_tpl("Niet gevonden | {{ config.title }}",
                         '<h1>Pagina niet gevonden</h1>\n'),
}


KINDS = ["gemeente", "woningcorporatie", "zorgaanbieder", "welzijn"]
COV_KINDS = ["convenant", "pact", "afspraken", "intentieverklaring"]


def draaiboek_front(reg, xr, n_partners):
    """Front matter in the content model of the project's design (regions/<slug>/index.md)."""
    partners = xr.sample(range(n_partners), min(n_partners, xr.randint(3, 8)))
    themes = reg["themes"]
    lines = [
        "---",
        f"title: \"Regio {reg['name']}\"",
        f"province: {xr.choice(['Groningen', 'Drenthe', 'Fryslân', 'Utrecht', 'Zeeland', 'Limburg'])}",
        "municipalities: [" + ", ".join(f"Gemeente{xr.randrange(1000)}" for _ in range(xr.randint(2, 8))) + "]",
        "covenant:",
        f"  name: \"Convenant {reg['name']}\"",
        f"  kind: {xr.choice(COV_KINDS)}",
        "  status: signed",
        f"  signed: {reg['date']}",
        f"  signatories: {reg['signatories']}",
        f"  term_years: {xr.randint(2, 10)}",
        f"  homes_per_year: {reg['homes_per_year']}",
        "  distribution_key: naar rato van inwonertal",
        "partners:",
    ]
    for p in partners:
        lines.append(f"  - {{ id: partner-{p:05d}, role: {xr.choice(KINDS)} }}")
    for key in ("principles", "agreements", "lessons"):
        lines.append(f"{key}:")
        for t in themes:
            lines.append(f"  - {{ theme: {t}, text: \"{sentence(xr)}\" }}")
    lines.append("process:")
    lines.append(f"  - {{ date: {reg['date'][:4]}, step: ondertekening, text: \"{sentence(xr)}\" }}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def write_draaiboek(root, regions, bodies, seed):
    xr = random.Random(seed + 1)
    n_partners = max(20, len(regions) // 5)
    write(os.path.join(root, "content", "site.yaml"),
          "title: \"Regio's\"\nbase_url: https://example.org/\nlanguage: nl\n")
    for t in THEMES:
        write(os.path.join(root, "content", "themes", t + ".md"),
              f"---\ntitle: {t.capitalize()}\n---\n\n{paragraph(xr, 2, 3)}\n")
    for p in range(n_partners):
        write(os.path.join(root, "content", "partners", f"partner-{p:05d}.md"),
              f"---\ntitle: Partner {p}\nkind: {xr.choice(KINDS)}\n---\n\n{paragraph(xr, 1, 2)}\n")
    for reg, body in zip(regions, bodies):
        body = body.replace("](/regions/", "](/regio/")
        write(os.path.join(root, "content", "regions", reg["slug"], "index.md"),
              draaiboek_front(reg, xr, n_partners) + "\n" + body)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of region pages")
    ap.add_argument("--out", help="output dir (default: corpus-N next to this script)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), f"corpus-{args.n}")
    if os.path.exists(out):
        shutil.rmtree(out)

    rng = random.Random(args.seed)
    regions = make_regions(args.n, rng)
    hugo, zola = os.path.join(out, "hugo"), os.path.join(out, "zola")

    write(os.path.join(hugo, "config.toml"), HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        write(os.path.join(hugo, "layouts", rel), text)
    write(os.path.join(hugo, "content", "_index.md"), "---\ntitle: \"Home\"\n---\n")
    write(os.path.join(hugo, "content", "regions", "_index.md"), "---\ntitle: \"Regio's\"\n---\n")

    write(os.path.join(zola, "config.toml"), ZOLA_CONFIG)
    for rel, text in ZOLA_TEMPLATES.items():
        write(os.path.join(zola, "templates", rel), text)
    write(os.path.join(zola, "content", "_index.md"), "---\ntitle: \"Home\"\n---\n")
    write(os.path.join(zola, "content", "regions", "_index.md"),
          "---\ntitle: \"Regio's\"\nsort_by: date\n---\n")

    total = 0
    bodies = []
    for reg in regions:
        body = make_body(reg, regions, rng)
        bodies.append(body)
        h = hugo_front(reg) + "\n" + body
        z = zola_front(reg) + "\n" + body
        total += len(h.encode("utf-8"))
        write(os.path.join(hugo, "content", "regions", reg["slug"] + ".md"), h)
        write(os.path.join(zola, "content", "regions", reg["slug"] + ".md"), z)
    write_draaiboek(os.path.join(out, "draaiboek"), regions, bodies, args.seed)
    avg = total / max(1, args.n)
    print(f"wrote {args.n} region pages to {out} (hugo/ + zola/ + draaiboek/), avg {avg:.0f} bytes/page (Hugo file)")


if __name__ == "__main__":
    main()
