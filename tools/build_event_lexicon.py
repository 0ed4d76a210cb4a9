"""Build whimbrel's event lexicon and CAMEO/PLOVER tables from ../shared.

    python tools/build_event_lexicon.py [--shared ../shared]

Writes into src/whimbrel/data/events/:
- cameo.json   every CAMEO code: name, root, quad class, Goldstein score, and its
               PLOVER event, mode and contexts (CAMEO 1.1b3 codebook, GDELT
               Goldstein scale, PLOVER CAMEO2PLOVER 2021 draft; see data/SOURCES.md)
- verbs.json   verb lexicon converted from PETRARCH2's CAMEO.2.0.txt (MIT):
               {"verbs": {lemma: {"block": name, "code": code}},
                "blocks": {name: {"code": default, "patterns": [...]}}}; the
               verbs of a block share its patterns; a pattern is {"code", "pre": [[alts]], "post": [[alts]], "prep": [..]}:
               every group of alternatives must be matched by a lemma in the
               subject subtree (pre) or in the verb's complements (post).

The run-time package never reads ../shared; rerun this script when the sources change.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "events"

QUAD_NUMBER = {"verbal cooperation": 1, "material cooperation": 2,
               "verbal conflict": 3, "material conflict": 4}


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def build_cameo(shared: Path) -> dict[str, dict]:
    onto = shared / "ontology"
    codes = {r["code"]: r for r in read_tsv(onto / "cameo_codes.tsv")}
    gold = {r["code"]: r for r in read_tsv(onto / "goldstein.tsv")}
    plover: dict[str, dict[str, str]] = {}
    for r in read_tsv(onto / "cameo2plover.tsv"):
        plover.setdefault(r["cameo_code"], r)  # the 2021 file lists 175 twice: keep the first
    contexts = {c["context"] for c in json.loads((onto / "plover_ontology.json").read_text())["contexts"]}
    table: dict[str, dict] = {}
    for code, r in codes.items():
        quad = QUAD_NUMBER[" ".join(r["quad_class"].split()[1:]).lower()]
        g = gold.get(code, {}).get("goldstein")
        p = _plover_for(code, r["root_code"], plover)
        mode = (p.get("plover_mode") or "").strip() or None
        ctx = [c.strip() for c in (p.get("plover_context") or "").split(",") if c.strip()]
        if mode in contexts:  # the 2021 file puts one context in the mode column
            ctx.append(mode)
            mode = None
        event = (p.get("plover_event") or "").strip() or None
        if r["root_code"] in ("01", "02"):
            event = None
        if code[:3] in ("081", "082", "083"):
            # PLOVER's root table: YIELD 081-083 is CONCEDE; the 2021 mapping file
            # lists 0813/0814 under RETREAT at its end, against that table
            event = "CONCEDE"
        if code[:3] == "163":
            # the manual's SANCTION section: "International (political or economic)
            # sanctions are coded as 'discontinue'"; the 2021 mapping says COERCE
            event, mode = "SANCTION", "discontinue"
        if code == "0831":
            # the PLOVER manual: official resignations are RETREAT (CAMEO files them as
            # acceding to demands for a change in leadership)
            event = "RETREAT"
        if code[:3] == "192":
            # the PLOVER gold records code retaking a village (192, occupy territory) as
            # ASSAULT, their FIGHT label (ontology gsr_2016_event_labels); the 2021 mapping
            # says COERCE/seize. Blockades and states of siege (191) stay COERCE.
            event = "ASSAULT"
        table[code] = {
            "name": r["name"], "root": r["root_code"], "quad": quad,
            "goldstein": float(g) if g not in (None, "") else None,
            "event": event, "mode": mode, "context": ctx,
        }
    return table


def _plover_for(code: str, root: str, plover: dict[str, dict[str, str]]) -> dict[str, str]:
    """The PLOVER row for a code, falling back to its parents (4 -> 3 -> 2 digits)."""
    for cand in (code, code[:3], code[:2] + "0", root):
        if cand in plover:
            return plover[cand]
    return {}


# ---------------------------------------------------------------- verbs

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")


def _code(raw: str) -> str | None:
    code = raw.split(":")[0].strip()
    return None if not code or code.startswith("-") else code


def _word_forms(word: str) -> str:
    return word.replace("_", " ").strip().lower()


def parse_verbs(path: Path) -> tuple[dict, dict]:
    synsets: dict[str, list[str]] = {}
    verbs: dict[str, dict] = {}
    blocks: dict[str, dict] = {}
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    current_syn: str | None = None
    block_name, block_code = None, None
    in_patterns = False
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if "VERB PATTERNS" in raw:
            in_patterns = True
        if line.startswith("&") and not in_patterns:
            current_syn = line.strip().rstrip("_")
            synsets[current_syn] = []
            continue
        if line.startswith("+") and current_syn and not in_patterns:
            synsets[current_syn].append(_word_forms(line[1:]))
            continue
        m = _BLOCK.match(line)
        if m:
            in_patterns = True
            current_syn = None
            block_name, block_code = m.group(1).lower(), _code(m.group(2))
            blocks.setdefault(block_name, {"code": block_code, "patterns": []})
            continue
        if not in_patterns or block_name is None:
            continue
        if line.startswith("-"):
            pat = parse_pattern(line[1:], synsets)
            if pat and pat not in blocks[block_name]["patterns"]:
                blocks[block_name]["patterns"].append(pat)
            continue
        if line.startswith("~"):
            continue  # transformations: handled by whimbrel's own complement rules
        # a verb line: VERB {forms} [code]  or +MULTI_WORD / WIRE_+TAP
        text = re.sub(r"\{[^}]*\}", "", line)
        cm = _CODE.search(text)
        code = _code(cm.group(1)) if cm else block_code
        word = _CODE.sub("", text).strip().split()
        if not word:
            continue
        lemma = word[0].replace("+", "").replace("_", " ").lower()
        verbs.setdefault(lemma, {"block": block_name, "code": code})
    return verbs, blocks


_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")


def _groups(part: str, synsets: dict[str, list[str]]) -> tuple[list[list[str]], list[str]]:
    """Required word groups and prepositions of one side of a pattern."""
    groups: list[list[str]] = []
    preps: list[str] = []
    for tok in _TOKEN.findall(part):
        if tok.startswith("("):
            inner = tok.strip("()").split()
            if inner:
                preps.append(inner[0].lower())
                g, _ = _groups(" ".join(inner[1:]), synsets)
                groups.extend(g)
            continue
        if tok.startswith("{"):
            for w in tok.strip("{}").split():
                groups.extend(_groups(w, synsets)[0])
            continue
        if tok in ("$", "+", "^", "%", "*") or not re.search(r"[A-Za-z]", tok):
            continue
        if tok.startswith("&"):
            alts = synsets.get(tok.rstrip("_"), [])
            if alts:
                groups.append(sorted({a.split()[-1] for a in alts}))
            continue
        groups.append([_word_forms(tok)])
    return groups, preps


def parse_pattern(body: str, synsets: dict[str, list[str]]) -> dict | None:
    cm = _CODE.search(body)
    if not cm:
        return None
    code = _code(cm.group(1))
    body = body[: cm.start()]
    if "*" not in body:
        return None
    pre, post = body.split("*", 1)
    pre_groups, _ = _groups(pre, synsets)
    post_groups, preps = _groups(post, synsets)
    if not pre_groups and not post_groups and not preps:
        return None
    return {"code": code, "pre": pre_groups, "post": post_groups, "prep": preps}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    cameo = build_cameo(args.shared)
    (OUT / "cameo.json").write_text(json.dumps(cameo, indent=0, sort_keys=True) + "\n")
    verbs, blocks = parse_verbs(args.shared / "lexicons" / "petrarch2" / "CAMEO.2.0.txt")
    lexicon = {"source": "PETRARCH2 CAMEO.2.0.txt (MIT), converted by tools/build_event_lexicon.py",
               "verbs": verbs, "blocks": blocks}
    (OUT / "verbs.json").write_text(json.dumps(lexicon, separators=(",", ":"), sort_keys=True) + "\n")
    n_pat = sum(len(b["patterns"]) for b in blocks.values())
    print(f"cameo.json: {len(cameo)} codes; verbs.json: {len(verbs)} verbs, {n_pat} patterns")


if __name__ == "__main__":
    main()
