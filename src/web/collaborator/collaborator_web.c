/* collaborator_web.c - the description of the collaborators' pages (see collaborator_web.h). */
#include "web/app.h"
#include "web/collaborator/collaborator_web.h"
#include "domain/collaborator/collaborator.h"

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
    /* The only signed-in pages collaborator-only accounts reach (R_COLLAB). */
    WEB_ROUTE_FILES(&web_page_collaborator_routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
