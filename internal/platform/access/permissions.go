package access

// Permission codes.
const (
	UsersManage      = "users.manage"
	UsersRead        = "users.read"
	RolesAssign      = "roles.assign"
	SecurityPolicy   = "security.policy"
	SettingsManage   = "settings.manage"
	AuditRead        = "audit.read"
	PIIReveal        = "pii.reveal"
	OrgRead          = "org.read"
	OrgWrite         = "org.write"
	RegistryRead     = "registry.read"
	RegistryWrite    = "registry.write"
	IndicatorsRead   = "indicators.read"
	SupervisionRead  = "supervision.read"
	SupervisionWrite = "supervision.write"
	SafetyRead       = "safety.read"
	SafetyWrite      = "safety.write"
	EnrollRead       = "enroll.read"
	EnrollWrite      = "enroll.write"
	FitnessRead      = "fitness.read"
	FitnessWrite     = "fitness.write"
	ReportsRead      = "reports.read"
	ReportsWrite     = "reports.write"
	Portal           = "portal"
)

// Permission describes one permission. Grantable ones may be given to 科室人员 one by one;
// ReadOnly ones are held by 局领导.
type Permission struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Module    string `json:"module"`
	Grantable bool   `json:"grantable"`
	ReadOnly  bool   `json:"-"`
}

// Permissions lists every permission.
var Permissions = []Permission{
	{UsersManage, "账号管理", "系统管理", false, false},
	{UsersRead, "查看账号", "系统管理", false, false},
	{RolesAssign, "角色授权", "安全管理", false, false},
	{SecurityPolicy, "安全策略", "安全管理", false, false},
	{SettingsManage, "系统设置与科室", "系统管理", false, false},
	{AuditRead, "审计日志", "审计", false, false},
	{PIIReveal, "查看完整个人信息", "个人信息保护", true, false},
	{OrgRead, "查看学校与组织", "组织机构", true, true},
	{OrgWrite, "维护学校与组织", "组织机构", true, false},
	{RegistryRead, "查看学籍与教职工", "基础数据", true, true},
	{RegistryWrite, "维护学籍与教职工", "基础数据", true, false},
	{IndicatorsRead, "查看督导评估指标", "督导评估", true, true},
	{SupervisionRead, "查看督导与督学", "督导评估", true, true},
	{SupervisionWrite, "督导检查与督学", "督导评估", true, false},
	{SafetyRead, "查看校园安全", "校园安全", true, true},
	{SafetyWrite, "安全隐患排查整改", "校园安全", true, false},
	{EnrollRead, "查看招生入学", "招生入学", true, true},
	{EnrollWrite, "招生审核与派位", "招生入学", true, false},
	{FitnessRead, "查看体质健康", "体质健康", true, true},
	{FitnessWrite, "维护体质健康数据", "体质健康", true, false},
	{ReportsRead, "查看工作报告", "工作报告", true, true},
	{ReportsWrite, "编制工作计划与报告", "工作报告", true, false},
	{Portal, "家长服务", "家长服务", false, false},
}

// PermissionByCode returns a permission's description.
func PermissionByCode(code string) (Permission, bool) {
	for _, p := range Permissions {
		if p.Code == code {
			return p, true
		}
	}
	return Permission{}, false
}
