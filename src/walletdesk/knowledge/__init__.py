"""Knowledge base: articles (load/validate) and search. Pure library: no web, no DB."""
