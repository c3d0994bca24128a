from tests.test_views_auth import *
def test_x(client, runner, app):
    token = setup_token(runner, app)
    r = client.post(f"/setup/{token}", data=dict(ADMIN, password="too short", confirm="too short"))
    import re
    print(re.findall(r'class="(?:error|help)"[^>]*>[^<]*', r.get_data(as_text=True)))
