"""Choropleth maps: geometry preparation, classification, measures, deck.gl spec and static export."""
