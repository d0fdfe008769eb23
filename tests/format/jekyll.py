"""Read story files the way Jekyll does, to check that what newsdesk writes means the same there.

Jekyll (4.3) cuts the front matter with its own pattern and loads it with
`Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true)`: libyaml's
parser, but Psych's resolver, which is YAML 1.1 with quirks of its own (`TrUe`, `1,000`).
One Ruby process reads a whole batch. Tests skip when Ruby is not installed.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

_SCRIPT = r"""
require "yaml"
require "date"
require "json"
FRONT = %r!\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)!m
out = JSON.parse(STDIN.read).map do |content|
  if content =~ FRONT
    Psych.safe_load(Regexp.last_match(1), permitted_classes: [Date, Time], aliases: true)
  else
    nil
  end
end
STDOUT.write(JSON.generate(out, allow_nan: true))
"""


def psych_load(files: list[bytes]) -> list[Any]:
    """The front matter of each file as Jekyll reads it (None: Jekyll sees none)."""
    payload = json.dumps([raw.decode("utf-8") for raw in files])
    done = subprocess.run(["ruby", "-e", _SCRIPT], input=payload.encode(), capture_output=True, check=True, timeout=120)
    result: list[Any] = json.loads(done.stdout.decode("utf-8"))
    return result
