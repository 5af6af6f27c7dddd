"""Über diese Daten: for everyone who wants to know where the figures come from – the sources with their
reference dates and licences, the software and its licences, what "Beispieldaten" means, which figures the
dashboard shows at all (the disclosure rule) and the data version. The footer of every page links here."""
from components.about import about_page
from components.frame import page_context
from components.map_widget import boundaries_state
from views.about import about

ds = page_context().dataset
state, _ = boundaries_state()  # imported boundaries name their source; an unreadable file is the map's notice
about_page(about(ds, state[0].meta if state is not None else None))
