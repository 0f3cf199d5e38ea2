// Package access holds the one central policy that decides every access in edubureau: roles and
// their permissions, the data scope each role sees, and Decide, which denies by default and answers
// "not found" for objects outside the caller's scope.
package access

// Role codes.
const (
	SysAdmin    = "sysadmin"     // 系统管理员: accounts and settings
	SecAdmin    = "secadmin"     // 安全管理员: roles and security policy
	Auditor     = "auditor"      // 审计管理员: reads the audit log only
	Leader      = "leader"       // 局领导: reads everything in the district
	Staff       = "staff"        // 科室人员: per-module permissions
	SchoolAdmin = "school_admin" // 学校管理员: own school only
	Inspector   = "inspector"    // 责任督学: schools of own zone
	Parent      = "parent"       // 家长: own children and applications only
)

// Scopes: which objects of the district a role can see.
const (
	ScopeDistrict = "district"
	ScopeSchool   = "school"
	ScopeZone     = "zone"
	ScopeOwn      = "own"
	ScopeNone     = "none"
)

// RoleDef describes a role.
type RoleDef struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	Description  string   `json:"description"`
	Scope        string   `json:"scope"`
	RequiresTOTP bool     `json:"requires_totp"`
	Permissions  []string `json:"permissions"`
}

// Roles lists every role in display order. The three administrators of 三员分立 hold disjoint
// permissions: none can do another's work.
var Roles = []RoleDef{
	{SysAdmin, "系统管理员", "管理账号、科室、学校和系统设置；不能授权，不能查看审计日志", ScopeDistrict, true,
		[]string{UsersManage, SettingsManage, OrgRead, OrgWrite}},
	{SecAdmin, "安全管理员", "为账号分配角色和权限，制定安全策略；不能管理账号，不能查看审计日志", ScopeDistrict, true,
		[]string{UsersRead, RolesAssign, SecurityPolicy, OrgRead}},
	{Auditor, "审计管理员", "查询、校验和导出审计日志；不能修改任何数据", ScopeDistrict, true,
		[]string{AuditRead}},
	{Leader, "局领导", "查看全区所有业务数据", ScopeDistrict, true, leaderPermissions()},
	{Staff, "科室人员", "按授权使用各业务模块", ScopeDistrict, false, []string{OrgRead}},
	{SchoolAdmin, "学校管理员", "管理本校数据", ScopeSchool, false,
		[]string{OrgRead, RegistryRead, RegistryWrite, PIIReveal, IndicatorsRead, FitnessRead, FitnessWrite,
			SafetyRead, SafetyWrite, EnrollRead, EnrollWrite, ReportsRead, SupervisionRead}},
	{Inspector, "责任督学", "督导本片区学校", ScopeZone, false,
		[]string{OrgRead, SupervisionRead, SupervisionWrite, SafetyRead, SafetyWrite, IndicatorsRead}},
	{Parent, "家长", "查看本人子女信息和报名申请", ScopeOwn, false, []string{Portal}},
}

// RoleByCode returns the definition of a role.
func RoleByCode(code string) (RoleDef, bool) {
	for _, r := range Roles {
		if r.Code == code {
			return r, true
		}
	}
	return RoleDef{}, false
}

// IsTriAdmin reports whether the role is one of the three administrators of 三员分立.
func IsTriAdmin(role string) bool { return role == SysAdmin || role == SecAdmin || role == Auditor }

func leaderPermissions() []string {
	out := []string{}
	for _, p := range Permissions {
		if p.ReadOnly {
			out = append(out, p.Code)
		}
	}
	return out
}
