"""Question banks in and out: GIFT, Aiken, Moodle XML and QTI 3.0, through one neutral model.

Readers take untrusted bytes and return a `model.Bank` (raising InvalidDocumentError for a file
they refuse); writers take a bank and return `model.Written` with what they could not keep.
"""
