"""The Qt layer of crisisdesk. It reads and writes through the core; the core never imports it."""
