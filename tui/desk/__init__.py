"""The UI-free application service: what the dashboard and the command line share
(settings, and the desk that owns store, duplicate finder and graph). Never imports textual."""
