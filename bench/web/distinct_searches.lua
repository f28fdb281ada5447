-- wrk script: each request searches the registry page for a different full name ("surname given name"),
-- read one per line from the file in the NAMES environment variable, so that no answer is already rendered.
local names = {}
for line in io.lines(os.getenv("NAMES")) do
    names[#names + 1] = line:gsub("[^%w%-%.]", function(c) return string.format("%%%02X", string.byte(c)) end)
end
local next_name = 0

request = function()
    next_name = next_name % #names + 1
    return wrk.format("GET", "/registry?q=" .. names[next_name])
end
