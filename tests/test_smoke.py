def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_employee_sees_assigned_course(client, employee):
    page = client.get("/").get_data(as_text=True)
    assert "Basics" in page
