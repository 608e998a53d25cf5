/**
 * The advisory lock under which the system administrators change: api replicas starting at once
 * (SystemAdminService.ensure), and taking the role from one while another goes (PeopleService).
 */
export const SYSTEM_ADMIN_LOCK = 7431002;
