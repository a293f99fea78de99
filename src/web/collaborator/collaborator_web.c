/* collaborator_web.c - the description of the collaborators' pages (see collaborator_web.h). */
#include "web/app.h"
#include "web/collaborator/collaborator_web.h"
#include "domain/collaborator/collaborator.h"

/* The only signed-in pages collaborator-only accounts reach (R_COLLAB). */
static const struct http_route routes[] = {
    {HTTP_GET, "/cong-tac-vien", page_collaborator, R_STAFF | R_COLLAB, 0},
    {HTTP_POST, "/cong-tac-vien/nhat-ky", page_collaborator_help_post, R_STAFF | R_COLLAB,
     WEB_FORM_MAX},
    {HTTP_GET, "/cong-tac-vien/gui-phan-anh", page_collaborator_feedback, R_STAFF | R_COLLAB,
     0},
    {HTTP_POST, "/cong-tac-vien/gui-phan-anh", page_collaborator_feedback_post,
     R_STAFF | R_COLLAB, WEB_FORM_MAX},
};

static const struct web_menu_entry menu[] = {
    {120, "/cong-tac-vien", "Cộng tác viên", WEB_COLLABORATOR},
};

static const struct web_staff_entry staff[] = {
    {"Tổ công nghệ số cộng đồng", "/cong-tac-vien", "Cộng tác viên: hỗ trợ người dân",
     "Ghi việc đã hỗ trợ, gửi phản ánh thay người dân", ROLE_COLLABORATOR, collab_may_log,
     NULL, NULL},
};

const struct web_module web_module_collaborator = {
    .name = "collaborator",
    .routes = WEB_LIST(routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
