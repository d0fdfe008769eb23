"""The Textual dashboard: the app, its screens and widgets. The only layer that
imports textual."""
