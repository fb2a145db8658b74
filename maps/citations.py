"""How to cite a record page: plain text, BibTeX and CSL-JSON.

A record is cited as a dataset entry: its title, the map as the container,
the page's address, when the record last changed (its version) and the day
the reader accessed it.
"""

import json

SITE_TITLE = "Defence and security relationships map"

# BibTeX's special characters, escaped so a title cannot break the entry.
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "^": r"\^{}",
        "~": r"\~{}",
    }
)


def bibtex_text(value):
    return " ".join(str(value).translate(BIBTEX_ESCAPES).split())


def citation(*, key, title, url, changed_on, accessed_on):
    """{"text", "bibtex", "csl_json"} for the record `title` at `url`.

    `changed_on` (the record's last change, or None) dates the version cited;
    `accessed_on` is today's date.
    """
    version = f"record last changed {changed_on:%-d %B %Y}; " if changed_on else ""
    text = f"“{title}”. {SITE_TITLE}. {url} ({version}accessed {accessed_on:%-d %B %Y})."
    year = (changed_on or accessed_on).year
    bibtex = "\n".join(
        [
            f"@misc{{{key},",
            f"  title = {{{bibtex_text(title)}}},",
            f"  howpublished = {{{SITE_TITLE}}},",
            f"  year = {{{year}}},",
            f"  url = {{{url}}},",
            f"  urldate = {{{accessed_on.isoformat()}}},",
            *(
                [f"  note = {{Record last changed {changed_on.isoformat()}}},"]
                if changed_on
                else []
            ),
            "}",
        ]
    )
    csl = {
        "id": key,
        "type": "dataset",
        "title": title,
        "container-title": SITE_TITLE,
        "URL": url,
        "accessed": {"date-parts": [[accessed_on.year, accessed_on.month, accessed_on.day]]},
    }
    if changed_on:
        csl["issued"] = {"date-parts": [[changed_on.year, changed_on.month, changed_on.day]]}
    return {
        "text": text,
        "bibtex": bibtex,
        "csl_json": json.dumps(csl, ensure_ascii=False, indent=2),
    }
