"""What several browser tests do as an organizer."""


def sign_in_page(page, email, password="correct horse"):
    """Signs in through the form; the events list is then open."""
    page.goto("/login")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', password)
    page.click('button[type="submit"]')
    page.wait_for_url("**/organizer")
