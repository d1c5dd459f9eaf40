"""What writers and readers share: ``Module``, ``ModuleRevision``, ``Tag`` and links
(``models``), live-module lookups (``queries``), the context every module event carries
(``context``), Markdown rendering (``rendering``) and the reader's flag form (``forms``).

``authoring`` (write, vet), ``modules`` (read, learn) and ``reports`` depend on it; it depends
on none of them and registers no views.
"""
