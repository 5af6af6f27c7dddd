"""Data layer of the dashboard: files, schemas, loading, the municipality model and survey logic.

Nothing in this package imports streamlit; every function is plain Python and tested in tests/.
"""
