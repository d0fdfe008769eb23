"""Full screens the app pushes: the dashboard, duplicate review, help and problems."""
