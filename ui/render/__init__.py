"""The incident report on paper: ``pdf.render_pdf`` lays a ``crisisdesk.report.Report`` out
in pages and paints it with QPainter on a QPdfWriter, so it runs on any thread, with or
without a window.
"""
