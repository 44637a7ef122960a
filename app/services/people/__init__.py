"""The participants registry: teachers, mentor and mentee profiles, staff import, consents."""
