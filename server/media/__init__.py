"""Files made for people: reaction videos (video.py), QR codes, speech to text, PDFs and exports.
No Flask here: the web layer and the job worker call into it."""
