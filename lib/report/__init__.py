"""Material for the monthly review meeting: block report cards (PDF) and review decks (PPTX).

``content`` gathers what a card or a slide says from the same lib functions the pages use (the
ranking service, the profile's status and trend rules, the rank plan); ``card_pdf`` and ``deck``
only lay it out.
"""
