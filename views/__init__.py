"""What a page shows, as plain data: question views, sentences, tables, chart specs (Altair), map colourings.

Never imports streamlit; components/ only sends what is built here. Unit tests: tests/unit/views/.
"""
