"""Export builders (PDF, later images and tables): plain Python, no streamlit, built only when asked for."""
