-- bench/assistant.lua - wrk script: POST /api/v1/assistant with citizen
-- questions in turn (with and without diacritics), no cookies.
local questions = {
  "lam giay khai sinh can giay to gi",
  "Làm lại căn cước công dân hết bao nhiêu tiền?",
  "dang ky ket hon nop o dau",
  "Đổi giấy phép lái xe mất mấy ngày?",
  "thủ tục đăng ký thành lập hộ kinh doanh",
  "cap ho chieu pho thong can nhung gi",
  "Tôi muốn nhận con nuôi thì làm thế nào?",
  "giai the doanh nghiep tu nhan",
  "mua the bao hiem y te o dau",
  "dang ky tam tru online duoc khong",
}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  i = i % #questions + 1
  local body = '{"message":"' .. questions[i] .. '","session":"bench-' .. i .. '"}'
  return wrk.format(nil, "/api/v1/assistant", nil, body)
end
