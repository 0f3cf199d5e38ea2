// A school administrator imports students from Excel: a workbook with a wrong 身份证号 check digit
// is refused whole with an error report naming the row and column; the corrected workbook imports.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { startServer } from './server.mjs'
import { launchBrowser, loginThroughFlow, newPage, screenshot } from './browser.mjs'
import { FIRST_GRADE, GRADE_NAMES, idNumber, openStudents, schoolYear, searchStudents, tableRows, withWrongCheck, ymd } from './registry.mjs'

/** The template's columns (row 3 of the template; rows 1–2 hold a title and a note). */
const COLUMNS = [
  '学籍号', '姓名', '性别', '身份证号', '出生日期', '民族', '户籍（本地/外地）', '随迁子女（是/否）', '家庭住址', '年级', '班号',
  '学籍状态', '建档立卡', '低保', '特困', '残疾', '残疾类别', '留守儿童', '寄宿', '监护人姓名', '监护人关系', '监护人电话',
]
const HEADER_ROW = 3
const AREA = '330102'

let server
let browser
let workDir

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  workDir = await mkdtemp(join(tmpdir(), 'edubureau-import-'))
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

/** A header title as the template writes it: required columns carry a leading "*". */
const plainTitle = (v) => String(v ?? '').replace(/^\s*\*\s*/, '').trim()

function cellText(v) {
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('')
  if (v && typeof v === 'object' && 'text' in v) return String(v.text)
  return v === null || v === undefined ? '' : String(v)
}

/**
 * The rows of a workbook's first sheet as Map(row number → cell texts, 1-based). The streaming
 * reader is used because exceljs's full reader expands whole-column data validations (the
 * template's dropdowns reach row 1,048,576) cell by cell and never finishes.
 */
async function readRows(path) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore' })
  for await (const sheet of reader) {
    const rows = new Map()
    for await (const row of sheet) rows.set(row.number, (row.values ?? []).map(cellText))
    return rows
  }
  throw new Error(`${path} has no worksheet`)
}

/** Row number and column map (title → 1-based index) of the header row: the one with 姓名 and 身份证号. */
function findHeader(rows) {
  for (const [r, values] of rows) {
    if (r > 10) break
    const cols = {}
    values.forEach((v, c) => {
      if (v) cols[plainTitle(v)] = c
    })
    if (cols['姓名'] && cols['身份证号']) return { row: r, cols }
  }
  throw new Error('no header row with 姓名 and 身份证号 in the first 10 rows')
}

const GIVEN = ['晓', '瑾', '曦', '璟', '昀', '翊', '珩', '玥', '芮', '婕', '琛', '骁', '铭', '朗', '煦', '岚']

/** Two students of a grade the school teaches, born so that their age fits the grade. */
function makeStudents(grade, classNo) {
  const seed = Date.now()
  const year = schoolYear() - grade - 5
  return [0, 1].map((i) => {
    const birth = new Date(Date.UTC(year, 2, 10 + i))
    const seq = 101 + 2 * ((seed + i) % 400) // odd: male
    const id = idNumber(AREA, birth, seq)
    const rnd = String((seed + i * 7919) % 10000).padStart(4, '0')
    return {
      学籍号: `L${AREA}${ymd(birth).replaceAll('-', '')}${rnd}`,
      姓名: `闻人${GIVEN[(seed + i) % GIVEN.length]}${GIVEN[(Math.floor(seed / 16) + 3 * i + 1) % GIVEN.length]}`,
      性别: '男',
      身份证号: id,
      出生日期: ymd(birth),
      民族: '汉族',
      '户籍（本地/外地）': '本地',
      '随迁子女（是/否）': '否',
      家庭住址: `青溪区文昌路${12 + i}号`,
      年级: GRADE_NAMES[grade],
      班号: classNo ? String(classNo) : '',
      学籍状态: '在读',
      建档立卡: '否',
      低保: '否',
      特困: '否',
      残疾: '否',
      残疾类别: '',
      留守儿童: '否',
      寄宿: '否',
      监护人姓名: `闻人建${i ? '华' : '国'}`,
      监护人关系: '父亲',
      监护人电话: `139${String(seed % 1e8).padStart(8, '0')}`.slice(0, 11),
    }
  })
}

/** A workbook laid out like the template: title, note, header in row 3, data from row 4. */
async function writeWorkbook(path, students) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('学生信息')
  ws.getCell(1, 1).value = '学生信息导入模板'
  ws.getCell(2, 1).value = '填写说明：身份证号、学籍号请按文本填写。'
  COLUMNS.forEach((title, i) => {
    ws.getCell(HEADER_ROW, i + 1).value = title
  })
  students.forEach((s, r) => {
    COLUMNS.forEach((title, c) => {
      const cell = ws.getCell(HEADER_ROW + 1 + r, c + 1)
      cell.numFmt = '@'
      cell.value = s[title]
    })
  })
  await wb.xlsx.writeFile(path)
}

/**
 * Saves the download started by `trigger`; fails with the page's error message if one pops up
 * instead, and with the body if what came is not an .xlsx (a zip).
 */
async function saveDownload(page, trigger, name) {
  const error = page.locator('.el-message--error').first()
  const [outcome] = await Promise.all([
    Promise.race([
      page.waitForEvent('download', { timeout: 30_000 }).then((download) => ({ download })),
      error.waitFor({ timeout: 30_000 }).then(async () => ({ error: await error.innerText() })),
    ]),
    trigger(),
  ])
  if (outcome.error) assert.fail(`${name}: the page reports “${outcome.error}” instead of a download`)
  const failure = await outcome.download.failure()
  assert.equal(failure, null, `download of ${name} failed: ${failure}`)
  const path = join(workDir, name)
  await outcome.download.saveAs(path)
  const head = await readFile(path)
  assert.equal(head.subarray(0, 2).toString('latin1'), 'PK', `${name} is not an .xlsx file: ${head.subarray(0, 300).toString('utf8')}`)
  return path
}

/** Opens the import dialog, uploads the file in the default (strict) mode and waits for the job to end. */
async function importFile(page, path) {
  await page.locator('[data-testid="import-open"]').click()
  const dialog = page.locator('.el-dialog[data-testid="import-dialog"]')
  await dialog.waitFor()
  assert.match(await dialog.locator('[data-testid="import-mode"]').innerText(), /全部校验通过才导入（默认）/)
  await dialog.locator('input[type="file"]').setInputFiles(path)
  await dialog.locator('[data-testid="import-submit"]').click()
  const done = dialog.locator('.job-progress[data-status="succeeded"], .job-progress[data-status="failed"]')
  await done.waitFor({ timeout: 60_000 })
  return { dialog, status: await done.getAttribute('data-status') }
}

test('school administrator imports students from Excel, fixing a wrong ID number', async () => {
  const admin = server.credentials.find((c) => c.role === 'school_admin' && c.username.startsWith('sa'))
  assert.ok(admin, 'the demo has a school administrator')
  const page = await newPage(browser, { viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  await loginThroughFlow(page, server.baseURL, admin.username, admin.password)

  await openStudents(page)

  // The school filter is the administrator's own school, and locked.
  const me = await (await page.request.get(`${server.baseURL}/api/v1/auth/me`)).json()
  assert.equal(me.user.role, 'school_admin')
  const schoolId = me.user.school_id
  assert.ok(schoolId, 'a school administrator has a school')
  const locked = page.locator('[data-testid="student-filters"] [data-testid="school-locked"]')
  await locked.waitFor()
  assert.equal(await locked.inputValue(), me.user.school_name)
  assert.ok(await locked.isDisabled())

  // A grade the school teaches, and one of its classes of that grade when there is one.
  const school = await (await page.request.get(`${server.baseURL}/api/v1/schools/${schoolId}`)).json()
  const classes = (await (await page.request.get(`${server.baseURL}/api/v1/schools/${schoolId}/classes`)).json()).items ?? []
  const grade = classes.length ? classes[0].grade : FIRST_GRADE[school.type]
  assert.notEqual(grade, undefined, `a grade for school type ${school.type}`)
  const classNo = classes.find((c) => c.grade === grade)?.number

  // The template: title and note above the header in row 3.
  const templatePath = await saveDownload(page, () => page.locator('[data-testid="template-download"]').click(), 'template.xlsx')
  const header = findHeader(await readRows(templatePath))
  assert.equal(header.row, HEADER_ROW, 'the template header is in row 3')
  for (const title of COLUMNS) assert.ok(header.cols[title], `the template has the column ${title}`)

  // First upload: the second student's ID number has a wrong check digit.
  const students = makeStudents(grade, classNo)
  const bad = structuredClone(students)
  bad[1]['身份证号'] = withWrongCheck(students[1]['身份证号'])
  const badPath = join(workDir, 'students-bad.xlsx')
  await writeWorkbook(badPath, bad)

  const { dialog, status } = await importFile(page, badPath)
  assert.equal(status, 'failed', 'a strict import with an error must fail')
  const failed = dialog.locator('[data-testid="import-failed"]')
  await failed.waitFor()
  assert.match(await failed.innerText(), /错误/)
  const reportLink = dialog.locator('[data-testid="job-error-report"]')
  await reportLink.waitFor()
  assert.match(await reportLink.innerText(), /下载错误报告/)
  await screenshot(page, 'import-failed-school-admin')

  // The error report: the uploaded rows at their row numbers plus 错误说明 on the bad row.
  const reportPath = await saveDownload(page, () => reportLink.click(), 'errors.xlsx')
  const report = await readRows(reportPath)
  const eh = findHeader(report)
  const noteCol = eh.cols['错误说明']
  assert.ok(noteCol, 'the error report has a 错误说明 column')
  const badRow = HEADER_ROW + 2
  const rowByName = (name) => {
    for (const [r, values] of report) if (r > eh.row && (values[eh.cols['姓名']] ?? '').trim() === name) return r
    return -1
  }
  assert.equal(rowByName(bad[1]['姓名']), badRow, 'the bad row keeps its row number')
  const note = report.get(badRow)[noteCol] ?? ''
  assert.match(note, /身份证号/, `错误说明 names the 身份证号 column: ${note}`)
  const goodRow = rowByName(bad[0]['姓名'])
  assert.ok(goodRow > 0, 'the valid row is in the report too')
  assert.equal((report.get(goodRow)[noteCol] ?? '').trim(), '', 'the valid row has no 错误说明')
  assert.match(await failed.innerText(), new RegExp(`${badRow}|1 处`), 'the message names the row or the count')

  // Nothing was imported.
  const none = await (await page.request.get(`${server.baseURL}/api/v1/students?q=${encodeURIComponent(students[0]['姓名'])}`)).json()
  assert.equal(none.total, 0, 'a failed strict import imports nothing')

  // Second upload with the corrected ID number.
  await dialog.locator('[data-testid="import-again"]').click()
  const goodPath = join(workDir, 'students-fixed.xlsx')
  await writeWorkbook(goodPath, students)
  await dialog.locator('input[type="file"]').setInputFiles(goodPath)
  await dialog.locator('[data-testid="import-submit"]').click()
  const success = dialog.locator('[data-testid="import-success"]')
  await success.waitFor({ timeout: 60_000 })
  assert.match(await success.innerText(), /导入.*2|2.*导入/, 'the message counts the imported rows')
  await screenshot(page, 'import-succeeded-school-admin')
  await dialog.getByRole('button', { name: '关闭', exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })

  // The imported student is in the list.
  const name = students[0]['姓名']
  await searchStudents(page, name)
  const rows = tableRows(page, 'students-table')
  await rows.filter({ hasText: name }).first().waitFor()
  assert.equal(await rows.count(), 1)
  assert.match(await rows.first().innerText(), new RegExp(GRADE_NAMES[grade]))
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('school administrator transfers a student to a school chosen from the district directory', async () => {
  const admins = server.credentials.filter((c) => c.role === 'school_admin' && c.username.startsWith('sa'))
  const admin = admins[1] ?? admins[0]
  const page = await newPage(browser, { viewport: { width: 1440, height: 900 } })
  await loginThroughFlow(page, server.baseURL, admin.username, admin.password)
  const api = async (path) => (await page.request.get(`${server.baseURL}${path}`)).json()

  const me = (await api('/api/v1/auth/me')).user
  const own = await api(`/api/v1/schools/${me.school_id}`)
  // The school list shows only the administrator's school; the directory shows every school.
  assert.equal((await api('/api/v1/schools')).total, 1)
  const directory = (await api('/api/v1/schools/directory')).items
  const target = directory.find((s) => s.id !== own.id && s.type === own.type)
  assert.ok(target, `another school of type ${own.type} in the directory`)

  const student = (await api('/api/v1/students?page_size=1&status=在读')).items[0]
  assert.ok(student, 'the school has a student')
  await page.goto(`${server.baseURL}/registry/students/${student.id}`)
  await page.locator('[data-testid="transfer-open"]').click()
  const dialog = page.locator('[data-testid="transfer-dialog"]')
  await dialog.waitFor()
  const select = dialog.locator('[data-testid="transfer-school-select"]')
  await select.click()
  await page.keyboard.type(target.name)
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: target.name }).first()
  await option.waitFor()
  await option.click()
  await dialog.locator('textarea').fill('随父母工作调动迁居')
  await dialog.getByRole('button', { name: '提交转学申请' }).click()
  await page.locator('.el-message--success', { hasText: `已向${target.name}发起转学` }).waitFor()

  const transfers = (await api('/api/v1/transfers')).items
  const t = transfers.find((x) => x.student_id === student.id)
  assert.ok(t, 'the transfer is listed')
  assert.equal(t.to_school_id, target.id)
  assert.equal(t.from_school_id, own.id)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
