"""The dashboard's panes: article list, detail pane, graph, and their small helpers."""
