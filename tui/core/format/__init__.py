"""The story file format: front matter in, typed stories out, and the smallest edits back.

Everything here works on bytes and text alone: no folder, no store, no threads. The
fast reader (`fastparse`, `fastscalar`) handles the common shape and the YAML loader
(`frontmatter`, CSafeLoader only) everything else; `decode` turns either into a
`Story`; `edits` makes one-line changes that keep every other byte.
"""
