"""The Textual front end: the only package that imports textual. It renders a session;
it never decides clinical logic."""
