"""The record the clinic keeps and what is made of it: the finished intake and the
Submitter port (intake), ticket codes (tickets), and its formats (exports)."""
