"""Reading users' files into the data model: parsing, matching, validation and audited loads."""
