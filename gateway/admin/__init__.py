"""Administration: the admin JSON API (`api/`) and the web dashboard (`dashboard/`)."""
